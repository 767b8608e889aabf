/** Public interface of engine/blocks/reexecute. See README.md. */
export { reexecuteBlock, traceStateDiffs, type ReexecuteOptions } from './reexecute';
export { ReexecutionSource } from './source';
export { computeInvokeHash, convertInvoke, decodeCairo1Calls, type RpcTx } from './rpc-tx';
export type {
  ExactEvidence,
  ExactAccess,
  ExactAccessSets,
  Finding,
  FindingKind,
  ReexecuteProgress,
  ReexecuteResult,
  ReexecuteStats,
  ReexecutedBlock,
  ReexecutedTx,
  TxReexecution,
} from './model';
