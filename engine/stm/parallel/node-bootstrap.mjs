// worker_threads entry: registers tsx in this thread, then loads the TypeScript entry module
// named by the host (workerData.entry, a file: URL; see node.ts).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
