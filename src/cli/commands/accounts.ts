/** Adds `bitext user …`, `bitext token …` and `bitext backup`: accounts, API tokens and backups from the shell. */
import { Option, type Command } from 'commander';
import { CLI_USER, intArg, type CliContext } from '../context.js';
import { ROLES, type Role } from '../../domain/roles.js';
import { tokensList, usersList } from '../../services/auth/accountService.js';
import { createApiToken, createUser, revokeAllApiTokens, revokeApiToken, setPassword } from '../../services/auth/authService.js';
import { backupDatabase } from '../../services/backupService.js';
import { AppError } from '../../domain/errors.js';

/** Reads a password from standard input (first line), so it never appears in the shell history. */
async function readPasswordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (!password) throw new AppError('no_password', 'no password on standard input (echo … | bitext user add NAME --password-stdin)', 400);
  return password;
}

/** Registers the commands. */
export function register(program: Command, ctx: CliContext): void {
  const user = program.command('user').description('manage user accounts');
  user
    .command('add')
    .description('create a user; the password is read from standard input')
    .argument('<name>', 'user name')
    .addOption(new Option('--role <role>', 'role').choices(ROLES).default('translator'))
    .requiredOption('--password-stdin', 'read the password from standard input')
    .action(async (name: string, opts: { role: Role }) => {
      const created = await createUser(await ctx.db(), name, opts.role, await readPasswordFromStdin());
      ctx.io.out(`created ${created.role} ${created.name}\n`);
    });
  user
    .command('passwd')
    .description("change a user's password (read from standard input) and end their sessions and API tokens")
    .argument('<name>', 'user name')
    .requiredOption('--password-stdin', 'read the password from standard input')
    .action(async (name: string) => {
      const revoked = await setPassword(await ctx.db(), name, await readPasswordFromStdin(), CLI_USER);
      ctx.io.out(`password of ${name} changed; ${revoked.sessions} session(s) and ${revoked.tokens} API token(s) revoked\n`);
    });
  user
    .command('list')
    .description('list users')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => {
      const users = await usersList(await ctx.db());
      if (opts.json) return ctx.printJson({ users: users.map((u) => ({ id: u.id, name: u.name, role: u.role, disabled: u.disabled })) });
      for (const u of users) ctx.io.out(`${u.name}\t${u.role}${u.disabled ? '\tdisabled' : ''}\n`);
    });

  const token = program.command('token').description('manage API tokens (Authorization: Bearer <token>)');
  token
    .command('create')
    .description('create an API token for a user; it is printed once and stored hashed')
    .argument('<user>', 'user name')
    .option('--name <name>', 'what the token is for', '')
    .action(async (userName: string, opts: { name: string }) => {
      const created = await createApiToken(await ctx.db(), userName, opts.name);
      ctx.io.out(`${created.token}\n`);
      ctx.io.err(`token #${created.id} for ${userName} created; it will not be shown again\n`);
    });
  token
    .command('list')
    .description('list API tokens (never the secrets)')
    .action(async () => {
      for (const t of await tokensList(await ctx.db())) {
        ctx.io.out(
          `#${t.id}\t${t.user.name}\t${t.prefix}…\t${t.name}\t${t.revokedAt ? 'revoked' : t.lastUsedAt ? `used ${t.lastUsedAt.toISOString()}` : 'never used'}\n`,
        );
      }
    });
  token
    .command('revoke')
    .description('revoke an API token, or with --all USER every token of a user')
    .argument('[id]', 'token number (see token list)', intArg('id'))
    .option('--all <user>', 'revoke every live token of this user')
    .action(async (id: number | undefined, opts: { all?: string }) => {
      if ((id === undefined) === (opts.all === undefined)) {
        throw new AppError('bad_arguments', 'give a token number or --all USER (not both)', 400);
      }
      if (opts.all !== undefined) {
        const count = await revokeAllApiTokens(await ctx.db(), opts.all, CLI_USER);
        ctx.io.out(`${count} token(s) of ${opts.all} revoked\n`);
        return;
      }
      await revokeApiToken(await ctx.db(), id!);
      ctx.io.out(`token #${id} revoked\n`);
    });

  program
    .command('backup')
    .description('write a consistent copy of the SQLite database while bitext keeps running')
    .argument('<file>', 'new file to write')
    .action(async (file: string) => {
      await backupDatabase(await ctx.db(), file);
      ctx.io.out(`backup written to ${file}\n`);
    });
}
