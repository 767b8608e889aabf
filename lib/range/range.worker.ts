/// <reference lib="webworker" />
/**
 * The block-range worker: fetches and analyses a range off the main thread, rows cached in
 * IndexedDB (engine/blocks/range IdbRangeStore) so a reload resumes where the last run stopped.
 */
import { IdbRangeStore } from '@/engine/blocks/range';
import { createRangeHandler } from './handler';
import type { RangeRequest } from './protocol';

const ctx = self as unknown as DedicatedWorkerGlobalScope;
const handle = createRangeHandler((r) => ctx.postMessage(r), new IdbRangeStore());
ctx.onmessage = (e: MessageEvent<RangeRequest>) => void handle(e.data);
