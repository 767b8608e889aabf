import { defineConfig, mergeConfig } from 'vitest/config';
import base from '../../vitest.config';

export default mergeConfig(
  base,
  defineConfig({
    test: {
      setupFiles: [
        new URL(process.env.REEXEC_DUMP_SETUP ?? './setup.ts', import.meta.url).pathname,
      ],
    },
  }),
);
