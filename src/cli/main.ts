/** Entry point of the `bitext` command (see bin/bitext.js). */
import { main } from './program.js';

await main();
