import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// The truth tests: our re-execution against a real node (starknet-devnet, scripts/setup/devnet.sh).
export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('.', import.meta.url)) } },
  test: {
    include: ['test/truth/**/*.test.ts'],
    testTimeout: 1_800_000,
    hookTimeout: 1_800_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
