/** Public interface of engine/blocks/import. See README.md. */
export type {
  AccessSets,
  BlockStateDiff,
  CallNode,
  Evidence,
  ImportedBlock,
  ImportedEvent,
  ImportedTx,
  ImportProgress,
  ProgressFn,
  ReadAccess,
  SourceFormat,
  TxHashCheck,
  TxType,
  WriteAccess,
} from './model';
export { HASH_CHECK_OFF, KNOWN_CHAINS, chainIdHex, chainLabel, parseChainId } from './hash-check';
export {
  chainName,
  summarizeHashCheck,
  type HashCheckStatus,
  type HashCheckSummary,
} from './hash-summary';
export { ImportError, type ImportErrorCode } from './errors';
export { detectFormat, type Detection } from './detect';
export {
  importBlock,
  importBlockParts,
  parseJsonText,
  decodeMulticall,
  type ImportOptions,
} from './import-block';
export {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  makeBundle,
  serializeBundle,
  isBundle,
  type Bundle,
} from './bundle';
export { erc20BalanceKey, erc20BalanceCells, transferParties } from './access-sets';
export { sequencerFeeCredit, type FeeCredit } from './fee-credit';
export { ETH_TOKEN, STRK_TOKEN, TRANSFER_SELECTOR, EXECUTE_SELECTOR } from './common';
export { SUPPORTED_RPC_SPECS } from './rpc-formats';
export {
  DEFAULT_MAX_REQUESTS,
  isRpcRefusal,
  RpcClient,
  RpcError,
  type RpcClientOptions,
  type RpcErrorCode,
} from './rpc-client';
export {
  fetchBlockFromRpc,
  makePreStateReader,
  toRpcBlockId,
  type BlockId,
  type FetchBlockOptions,
  type FetchedBlock,
  type PreStateReader,
} from './rpc-fetch';
export {
  MemoryCache,
  IndexedDbCache,
  createDefaultCache,
  hasIndexedDb,
  type PersistentCache,
} from './cache';
export {
  PRESETS,
  PRESET_CHAIN_ID,
  buildPresetBundle,
  type PresetScenario,
  type PresetTx,
} from './presets';
