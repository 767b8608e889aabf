import type { TestProject } from 'vitest/node';
import { buildApp, startServer, type RunningServer } from './server';

/**
 * Builds the app once (unless STM_SKIP_BUILD=1 reuses an existing .next/), starts the production
 * server on a free localhost port for every browser test, and shuts it down afterwards.
 */
let server: RunningServer | undefined;

export async function setup(project: TestProject) {
  if (process.env.STM_SKIP_BUILD !== '1') buildApp();
  server = await startServer('start');
  project.provide('baseURL', server.url);
}

export async function teardown() {
  await server?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}
