/** Public interface of engine/blocks/reexecute. See README.md. */
export {
  reexecuteBlock,
  reexecutionLine,
  traceStateDiffs,
  type ReexecuteOptions,
} from './reexecute';
export { ReexecutionSource } from './source';
export { convertInvoke, decodeCairo1Calls, type RpcTx } from './rpc-tx';
export {
  checkTxHash,
  describeTxHashCheck,
  verifiedByImport,
  type TxHashCheck,
} from './tx-hash-check';
export { runnableTx, versionFallback } from './tx-kinds';
export { traceDeclarations, declarationDifferences, type Declaration } from './declarations';
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
export {
  EXECUTABLE_FORMAT,
  EXECUTABLE_FORMAT_NO_CREDITS,
  ExecutableBlockExecutor,
  replayedCount,
  type ExecutableBlock,
  type ExecutableTx,
} from './executable';
export {
  SAVED_FORMAT,
  readSavedReexecution,
  savedReexecutionIn,
  saveReexecution,
  type SavedReexecution,
} from './saved';
