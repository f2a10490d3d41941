// ESLint: bugs the type checker cannot see (unawaited promises, promises where callbacks are expected) and
// the layer rules of ARCHITECTURE.md, so a wrong import fails CI instead of waiting for a reviewer.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Modules that are I/O: the pure domain layer must not import them. */
const IO_MODULES = [
  'express',
  'multer',
  'helmet',
  'cookie-parser',
  'pg',
  'pg-boss',
  'better-sqlite3',
  'deepl-node',
  'fs',
  'fs/promises',
  'node:fs',
  'node:fs/promises',
  'net',
  'node:net',
  'http',
  'node:http',
  'https',
  'node:https',
  'child_process',
  'node:child_process',
  'worker_threads',
  'node:worker_threads',
];

/** `import` patterns for a folder of src/, relative to any depth. */
const layer = (name) => [`**/${name}/**`, `**/${name}.js`];

/** One no-restricted-imports rule: forbidden relative folders and packages, with the reason shown. */
function restrict(message, { folders = [], modules = [], allowTypeImports = false, except = [] }) {
  return [
    'error',
    {
      paths: modules.map((name) => ({ name, message })),
      patterns: [
        { group: [...folders.flatMap(layer), ...except.map((pattern) => `!${pattern}`)], message, allowTypeImports },
        { group: ['@prisma/*', '**/db/generated/**', '**/db/generated-pg/**'], message: 'Prisma is imported only in src/db.' },
      ],
    },
  ];
}

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'src/db/generated/**',
      'src/db/generated-pg/**',
      'test/fixtures/**',
      'data/**',
      'test-artifacts/**',
      'tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      // Type-aware rules that catch real bugs: a promise nobody awaits loses its error; an async callback
      // where a void one is expected (Express handlers, event listeners) loses its rejection.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // XML and Markdown code must match control characters on purpose (characters XML cannot hold, NUL placeholders).
      'no-control-regex': 'off',
      // process.env is read in src/config.ts only.
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read settings through src/config.ts (the only reader of process.env).' },
      ],
    },
  },
  // Outside src/ (tests, benches, scripts) environment variables are the way they are configured.
  { files: ['test/**', 'bench/**', 'scripts/**', 'src/config.ts'], rules: { 'no-restricted-properties': 'off' } },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict('src/domain is pure logic: no database, web, services, MT, CLI, settings or I/O.', {
        folders: ['db', 'web', 'services', 'mt', 'cli', 'config'],
        modules: IO_MODULES,
      }),
    },
  },
  {
    files: ['src/db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...layer('services'), ...layer('web'), ...layer('cli')],
              message: 'src/db is below the services: it never imports them, the web or the CLI.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/mt/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict('src/mt holds the MT providers: no database, services, web or CLI.', {
        folders: ['db', 'services', 'web', 'cli'],
      }),
    },
  },
  {
    files: ['src/services/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict('Services are used by the web and the CLI, never the other way round.', {
        folders: ['web', 'cli'],
      }),
    },
  },
  {
    files: ['src/web/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        'The web and the CLI call services; only the connection (src/db/client.ts) and types come from src/db.',
        { folders: ['db'], allowTypeImports: true, except: ['**/db/client.js'] },
      ),
    },
  },
  {
    files: ['public/**/*.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.browser } },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs', 'vitest.config.ts'],
    ...tseslint.configs.disableTypeChecked,
  },
  { files: ['bin/**', 'scripts/**/*.mjs', 'bench/**/*.mjs', 'eslint.config.js'], languageOptions: { globals: { ...globals.node } } },
);
