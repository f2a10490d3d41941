import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // BITEXT_TEST_DATABASE=postgres: migrates a template database once per run (test/helpers/globalSetup.ts).
    globalSetup: ['test/helpers/globalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Browser tests poll the page; a loaded CI machine needs more than the default second.
    expect: { poll: { timeout: 10_000, interval: 50 } },
  },
});
