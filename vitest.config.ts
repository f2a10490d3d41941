import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // BITEXT_TEST_DATABASE=postgres: migrates a template database once per run (test/helpers/globalSetup.ts).
    globalSetup: ['test/helpers/globalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Test files of a worker share loaded modules (each file still gets its own database): loading the app,
    // Prisma and the OpenCC dictionaries once per worker instead of once per file roughly halves the suite.
    // A file that mocks a module loads what uses it after vi.resetModules() (test/web/loginThrottle.test.ts).
    isolate: false,
    // Browser tests poll the page; a loaded CI machine needs more than the default second.
    expect: { poll: { timeout: 10_000, interval: 50 } },
  },
});
