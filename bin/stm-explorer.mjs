#!/usr/bin/env node
// Launcher for the TypeScript CLI (engine/cli/main.ts), loaded through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../engine/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
