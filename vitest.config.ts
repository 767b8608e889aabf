import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('.', import.meta.url)) } },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // test/truth needs a starknet-devnet node: its own config (vitest.truth.config.ts, `npm run truth`)
    exclude: ['test/browser/**', 'test/truth/**', 'node_modules/**'],
    testTimeout: 60_000,
    pool: 'threads',
  },
});
