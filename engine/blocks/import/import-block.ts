/**
 * importBlock: text or parsed JSON in any supported format → ImportedBlock.
 * Pure and synchronous (no I/O), so the UI can run it in a Web Worker and relay `onProgress`.
 */
import { ImportError, at } from './errors';
import { detectFormat } from './detect';
import { checkBundleHeader } from './bundle';
import type { CallNode, ImportedBlock, ImportedTx, ProgressFn, SourceFormat } from './model';
import type { Parts, ReceiptPart, TracePart, TxPart } from './parts';
import { emptyParts } from './parts';
import {
  checkSpecVersion,
  parseRpcBlockWithReceipts,
  parseRpcBlockWithTxs,
  parseRpcReceipt,
  parseRpcStateUpdate,
  parseRpcTraces,
} from './rpc-formats';
import {
  parseFeederBlock,
  parseFeederStateUpdate,
  parseFeederStateUpdateWithBlock,
  parseFeederTraces,
} from './feeder-formats';
import { type AccessInput, buildAccessSets } from './access-sets';
import { ETH_TOKEN, EXECUTE_SELECTOR, STRK_TOKEN, baseVersion, feeTokenForVersion } from './common';
import { arr, obj } from './validate';
import { checkTxHashes } from './hash-check';

export interface ImportOptions {
  onProgress?: ProgressFn;
  /** Accept a block without transactions instead of throwing EMPTY_BLOCK. */
  allowEmpty?: boolean;
  /** Declare the RPC spec version of the input (checked: 0.7 – 0.10). */
  specVersion?: string;
  /**
   * Chain id the transaction hashes are computed on: hex (0x534e5f4d41494e) or a short string
   * (SN_MAIN). Default: a bundle's chainId, else the known chains tried in turn (README).
   */
  chainId?: string;
  /** false: skip the transaction-hash check (made-up blocks); default true. */
  verifyTxHashes?: boolean;
}

/**
 * Index of the first syntax error in `text` (or text.length when it ends too early). Only used
 * after JSON.parse failed, because some engines do not report a position.
 */
export function locateJsonError(text: string): number {
  const scan = new JsonScanner(text);
  try {
    scan.value();
    scan.ws();
    return scan.i < text.length ? scan.i : text.length;
  } catch (pos) {
    return Math.min(pos as number, text.length);
  }
}

/** A JSON syntax checker that throws the index where the text stops being JSON. */
class JsonScanner {
  i = 0;
  constructor(private readonly text: string) {}

  private bad(): never {
    throw this.i;
  }

  ws(): void {
    const { text } = this;
    while (this.i < text.length && ' \t\n\r'.includes(text[this.i])) this.i++;
  }

  private lit(w: string): void {
    if (this.text.startsWith(w, this.i)) this.i += w.length;
    else this.bad();
  }

  private str(): void {
    const { text } = this;
    this.i++;
    while (this.i < text.length && text[this.i] !== '"') {
      if (text[this.i] === '\\') this.i++;
      else if (text.charCodeAt(this.i) < 0x20) this.bad();
      this.i++;
    }
    if (this.i >= text.length) this.bad();
    this.i++;
  }

  private num(): void {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.i, this.i + 400));
    if (!m || m[0] === '' || m[0] === '-') this.bad();
    this.i += m![0].length;
  }

  value(): void {
    this.ws();
    const c = this.text[this.i];
    if (c === '{') this.object();
    else if (c === '[') this.array();
    else if (c === '"') this.str();
    else if (c === 't') this.lit('true');
    else if (c === 'f') this.lit('false');
    else if (c === 'n') this.lit('null');
    else this.num();
  }

  private object(): void {
    const { text } = this;
    this.i++;
    this.ws();
    if (text[this.i] === '}') return void this.i++;
    for (;;) {
      this.ws();
      if (text[this.i] !== '"') this.bad();
      this.str();
      this.ws();
      if (text[this.i] !== ':') this.bad();
      this.i++;
      this.value();
      this.ws();
      if (text[this.i] === ',') this.i++;
      else if (text[this.i] === '}') return void this.i++;
      else this.bad();
    }
  }

  private array(): void {
    const { text } = this;
    this.i++;
    this.ws();
    if (text[this.i] === ']') return void this.i++;
    for (;;) {
      this.value();
      this.ws();
      if (text[this.i] === ',') this.i++;
      else if (text[this.i] === ']') return void this.i++;
      else this.bad();
    }
  }
}

/** JSON.parse with an error that says where and whether the text looks truncated. */
export function parseJsonText(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') throw new ImportError('INVALID_JSON', '', 'the input is empty');
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const m = /position (\d+)/.exec(msg);
    const pos = m ? Number(m[1]) : locateJsonError(text);
    const truncated =
      /end of (JSON )?input|Unterminated/i.test(msg) ||
      (pos !== undefined && pos >= trimmed.length - 1);
    let where = '';
    if (pos !== undefined) {
      const before = text.slice(0, pos);
      const line = before.split('\n').length;
      const col = pos - before.lastIndexOf('\n');
      where = ` at line ${line}, column ${col} (character ${pos})`;
    }
    throw new ImportError(
      'INVALID_JSON',
      '',
      `invalid JSON${where}: ${msg}${truncated ? ' — the input looks truncated (incomplete copy or download?)' : ''}`,
    );
  }
}

/** Normalize one document (any supported format, incl. bundles) into parts. */
export function partsFromDocument(input: unknown, basePath = '', opts: ImportOptions = {}): Parts {
  const det = detectFormat(input, basePath);
  const { doc, path } = det;
  let parts: Parts;
  switch (det.format) {
    case 'rpc:getBlockWithTxs':
      parts = parseRpcBlockWithTxs(obj(doc, path), path);
      break;
    case 'rpc:getBlockWithReceipts':
      parts = parseRpcBlockWithReceipts(obj(doc, path), path);
      break;
    case 'rpc:traceBlockTransactions':
      parts = parseRpcTraces(doc, path);
      break;
    case 'rpc:getStateUpdate':
      parts = parseRpcStateUpdate(obj(doc, path), path);
      break;
    case 'feeder:block':
      parts = parseFeederBlock(obj(doc, path), path);
      break;
    case 'feeder:state_update':
      parts = parseFeederStateUpdate(obj(doc, path), path);
      break;
    case 'feeder:state_update_with_block':
      parts = parseFeederStateUpdateWithBlock(obj(doc, path), path);
      break;
    case 'feeder:traces':
      parts = parseFeederTraces(obj(doc, path), path);
      break;
    case 'stm-explorer-bundle':
      parts = partsFromBundle(obj(doc, path), path, opts);
      break;
  }
  if (opts.specVersion)
    parts.rpcSpecVersion = checkSpecVersion(opts.specVersion, '(option specVersion)');
  return parts;
}

function partsFromBundle(b: Record<string, unknown>, path: string, opts: ImportOptions): Parts {
  checkBundleHeader(b, path);
  let parts = emptyParts();
  parts.formats.push('stm-explorer-bundle');
  for (const slot of ['block', 'traces', 'stateUpdate'] as const) {
    const v = b[slot];
    if (v === undefined || v === null) continue;
    const p = partsFromDocument(v, at(path, slot), { ...opts, specVersion: undefined });
    parts = mergeParts(parts, p, at(path, slot));
  }
  if (b.receipts !== undefined && b.receipts !== null) {
    const rp = at(path, 'receipts');
    const receipts = arr(b.receipts, rp).map((r, i) =>
      parseRpcReceipt(obj(r, at(rp, i), { index: i }), at(rp, i), { index: i }),
    );
    if (parts.receipts)
      throw new ImportError('MISMATCH', rp, 'receipts given twice (block already has receipts)');
    parts.receipts = receipts;
  }
  if (b.chainId !== undefined) {
    if (typeof b.chainId !== 'string')
      throw new ImportError('WRONG_TYPE', at(path, 'chainId'), 'expected a string like "0x534e…"');
    parts.chainId = b.chainId;
  }
  if (b.specVersion !== undefined) {
    if (typeof b.specVersion !== 'string')
      throw new ImportError(
        'WRONG_TYPE',
        at(path, 'specVersion'),
        'expected a string like "0.8.1"',
      );
    parts.rpcSpecVersion = checkSpecVersion(b.specVersion, at(path, 'specVersion'));
  }
  return parts;
}

/** Combine the parts of several documents of the same block; checks that they agree. */
export function mergeParts(a: Parts, b: Parts, path: string): Parts {
  const out: Parts = {
    ...a,
    formats: [...a.formats, ...b.formats],
    warnings: [...a.warnings, ...b.warnings],
  };
  if (b.header) {
    if (a.header?.hash && b.header.hash && a.header.hash !== b.header.hash) {
      throw new ImportError(
        'MISMATCH',
        path,
        `block hash ${b.header.hash} differs from ${a.header.hash} of the other part`,
      );
    }
    const merged = { ...b.header, ...(a.header ?? {}) };
    for (const k of Object.keys(merged) as (keyof typeof merged)[])
      if (merged[k] === undefined) delete merged[k];
    out.header = { ...b.header, ...merged };
  }
  for (const k of [
    'txs',
    'receipts',
    'traces',
    'initialReads',
    'stateDiff',
    'txStateDiffs',
  ] as const) {
    if (b[k] === undefined) continue;
    if (a[k] !== undefined) throw new ImportError('MISMATCH', path, `two parts both provide ${k}`);
    (out as unknown as Record<string, unknown>)[k] = b[k];
  }
  out.rpcSpecVersion = a.rpcSpecVersion ?? b.rpcSpecVersion;
  if (a.chainId !== undefined && b.chainId !== undefined && a.chainId !== b.chainId)
    throw new ImportError('MISMATCH', path, `chain id ${b.chainId} differs from ${a.chainId}`);
  out.chainId = a.chainId ?? b.chainId;
  return out;
}

/** Best-effort decoding of an account's multicall calldata (Cairo 1 or Cairo 0 layout). */
export function decodeMulticall(
  cd: string[],
): { contract: string; selector: string }[] | undefined {
  if (cd.length === 0) return undefined;
  const n = Number(BigInt(cd[0]));
  if (!Number.isSafeInteger(n) || n > cd.length) return undefined;
  // Cairo 1: [n, (to, selector, len, data…)×n]
  {
    const calls: { contract: string; selector: string }[] = [];
    let pos = 1;
    let ok = true;
    for (let i = 0; i < n; i++) {
      if (pos + 3 > cd.length) {
        ok = false;
        break;
      }
      const len = Number(BigInt(cd[pos + 2]));
      calls.push({ contract: cd[pos], selector: cd[pos + 1] });
      pos += 3 + len;
    }
    if (ok && pos === cd.length) return calls;
  }
  // Cairo 0: [n, (to, selector, offset, len)×n, total, data…]
  const head = 1 + 4 * n;
  if (head < cd.length && head + 1 + Number(BigInt(cd[head])) === cd.length) {
    const calls = [];
    for (let i = 0; i < n; i++) calls.push({ contract: cd[1 + 4 * i], selector: cd[2 + 4 * i] });
    return calls;
  }
  return undefined;
}

function callsFromTx(t: TxPart, deployed?: string): CallNode[] {
  const contract = t.sender ?? deployed;
  if (!contract) return [];
  if (t.type === 'INVOKE' && baseVersion(t.version) >= 1n) {
    const inner = t.calldata ? decodeMulticall(t.calldata) : undefined;
    return [
      {
        contract,
        selector: EXECUTE_SELECTOR,
        fromCalldata: true,
        calls: (inner ?? []).map((c) => ({ ...c, fromCalldata: true, calls: [] })),
      },
    ];
  }
  return [{ contract, selector: t.entryPointSelector, fromCalldata: true, calls: [] }];
}

function txFromTrace(tr: TracePart, i: number): TxPart {
  if (!tr.hash)
    throw new ImportError(
      'WRONG_TYPE',
      at(tr.path, 'transaction_hash'),
      'trace without transaction hash',
      { index: i },
    );
  const type = tr.type ?? 'INVOKE';
  return { hash: tr.hash, type, sender: tr.calls[0]?.contract, path: tr.path };
}

/** The header, with the sequencer taken from the traces' fee recipient when it is missing. */
function headerOf(parts: Parts, warnings: string[]): NonNullable<Parts['header']> {
  const h = { ...(parts.header ?? {}) };
  if (!h.sequencerAddress) {
    const rec = (parts.traces ?? []).find((t) => t.feeRecipient)?.feeRecipient;
    if (rec) {
      h.sequencerAddress = rec;
      warnings.push('sequencer address taken from the fee transfer recipient in the traces');
    }
  }
  return h;
}

/** Transaction hash → index; a hash used twice is an error naming both transactions. */
function indexByHash(txParts: TxPart[]): Map<string, number> {
  const seen = new Map<string, number>();
  txParts.forEach((t, i) => {
    const prev = seen.get(t.hash);
    if (prev !== undefined)
      throw new ImportError(
        'DUPLICATE_TX_HASH',
        at(t.path, 'transaction_hash'),
        `duplicate transaction hash ${t.hash}, already used by transaction #${prev}`,
        { index: i, hash: t.hash },
      );
    seen.set(t.hash, i);
  });
  return seen;
}

/** Receipts and traces by transaction hash; one for a transaction not in the block is an error. */
function receiptsAndTraces(parts: Parts, seen: Map<string, number>) {
  const receipts = new Map((parts.receipts ?? []).map((r) => [r.hash, r]));
  for (const r of parts.receipts ?? [])
    if (!seen.has(r.hash))
      throw new ImportError(
        'MISMATCH',
        at(r.path, 'transaction_hash'),
        `receipt for ${r.hash}, which is not a transaction of this block`,
      );
  const traces = new Map<string, TracePart>();
  for (const tr of parts.traces ?? []) {
    if (!tr.hash) continue;
    if (!seen.has(tr.hash))
      throw new ImportError(
        'MISMATCH',
        at(tr.path.replace(/\.trace_root$/, ''), 'transaction_hash'),
        `trace for ${tr.hash}, which is not a transaction of this block`,
      );
    traces.set(tr.hash, tr);
  }
  return { receipts, traces };
}

/** Warnings for parts that cover only some of the transactions. */
function coverageWarnings(
  parts: Parts,
  n: number,
  found: { receipts: number; traces: number },
  fromTraces: boolean,
): string[] {
  const w: string[] = [];
  if (parts.traces && !fromTraces && found.traces < n)
    w.push(`traces present for ${found.traces} of ${n} transactions`);
  if (parts.receipts && found.receipts < n)
    w.push(`receipts present for ${found.receipts} of ${n} transactions`);
  if (parts.txStateDiffs && parts.txStateDiffs.length !== n)
    w.push(
      `transaction_state_diffs has ${parts.txStateDiffs.length} entries for ${n} transactions`,
    );
  return w;
}

/** The fee token: the trace's, the receipt's unit, else the one its version pays in. */
function feeTokenOf(
  t: TxPart,
  r: ReceiptPart | undefined,
  tr: TracePart | undefined,
  fromTraces: boolean,
): string | undefined {
  if (tr?.feeToken) return tr.feeToken;
  if (r?.fee) return r.fee.unit === 'FRI' ? STRK_TOKEN : ETH_TOKEN;
  return fromTraces ? undefined : feeTokenForVersion(t.version);
}

/** One transaction merged from its parts (access sets still empty: buildAccessSets fills them). */
function accessInputOf(
  t: TxPart,
  i: number,
  r: ReceiptPart | undefined,
  tr: TracePart | undefined,
  stateDiff: AccessInput['stateDiff'],
  fromTraces: boolean,
): AccessInput {
  const deployedAddr =
    t.type === 'DEPLOY_ACCOUNT' || t.type === 'DEPLOY'
      ? (r?.contractAddress ?? (t.type === 'DEPLOY_ACCOUNT' ? t.sender : undefined))
      : undefined;
  const tx: ImportedTx = {
    index: i,
    hash: t.hash,
    type: tr?.type && fromTraces ? tr.type : t.type,
    version: t.version,
    sender: t.sender ?? (t.type === 'DEPLOY_ACCOUNT' ? deployedAddr : undefined),
    nonce: t.nonce,
    calls: tr ? tr.calls : callsFromTx(t, deployedAddr),
    status: r?.status ?? (tr ? (tr.reverted ? 'reverted' : 'succeeded') : 'unknown'),
    revertReason: r?.revertReason ?? tr?.revertReason,
    fee: r?.fee,
    feeToken: feeTokenOf(t, r, tr, fromTraces),
    steps: r?.steps ?? tr?.steps,
    stepsUnit: r?.steps !== undefined ? r.stepsUnit : tr?.stepsUnit,
    events: r?.events ?? tr?.events ?? [],
    declaredClasses: stateDiff?.declared ?? [],
    accessSets: { reads: [], writes: [], deferredWrites: [], inferred: true },
  };
  dropUndefined(tx);
  return {
    tx,
    stateDiff,
    deployed: deployedAddr ? { contract: deployedAddr, classHash: t.classHash } : undefined,
  };
}

function dropUndefined<T extends object>(o: T): void {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
}

/** The block before its transactions: header fields, formats, warnings. */
function blockBase(
  parts: Parts,
  h: NonNullable<Parts['header']>,
  warnings: string[],
): ImportedBlock {
  return {
    number: h.number,
    hash: h.hash,
    parentHash: h.parentHash,
    timestamp: h.timestamp,
    sequencerAddress: h.sequencerAddress,
    starknetVersion: h.starknetVersion,
    sourceFormats: [...new Set(parts.formats)] as SourceFormat[],
    rpcSpecVersion: parts.rpcSpecVersion,
    accessMode: 'partial',
    transactions: [],
    stateDiff: parts.stateDiff,
    warnings,
  };
}

/** Parts → ImportedBlock: merge receipts/traces into transactions, check them, build access sets. */
export function assemble(parts: Parts, opts: ImportOptions = {}): ImportedBlock {
  const progress = opts.onProgress;
  const warnings = [...parts.warnings];
  const h = headerOf(parts, warnings);
  const fromTraces = !parts.txs && parts.traces !== undefined;
  const txParts: TxPart[] = parts.txs ?? (parts.traces ?? []).map(txFromTrace);
  const base = blockBase(parts, h, warnings);
  if (!parts.txs && !parts.traces) {
    // A state update alone: block-level diff, no transactions to attribute it to.
    warnings.push(
      'state update only: no transactions, the block-level diff cannot be attributed to transactions',
    );
    base.hashCheck = { checked: 0, notChecked: [], rules: {} };
    progress?.({ phase: 'done', done: 1, total: 1 });
    return base;
  }
  if (txParts.length === 0 && !opts.allowEmpty)
    throw new ImportError(
      'EMPTY_BLOCK',
      at(txParts === parts.txs ? '' : 'traces', 'transactions'),
      `block${h.number !== undefined ? ` ${h.number}` : ''} has no transactions: nothing to graph`,
    );
  const { receipts, traces } = receiptsAndTraces(parts, indexByHash(txParts));
  base.hashCheck = checkTxHashes(txParts, hashCheckOptions(parts, opts));
  const found = { receipts: receipts.size, traces: traces.size };
  warnings.push(...coverageWarnings(parts, txParts.length, found, fromTraces));
  progress?.({ phase: 'normalize', done: 0, total: txParts.length });

  const inputs = txParts.map((t, i) => {
    const tr = traces.get(t.hash);
    const stateDiff = tr?.stateDiff ?? parts.txStateDiffs?.[i];
    return accessInputOf(t, i, receipts.get(t.hash), tr, stateDiff, fromTraces);
  });
  attachAccessSets(inputs, parts, h, warnings, progress);
  base.transactions = inputs.map((x) => x.tx);
  base.accessMode = inputs.every((x) => x.stateDiff !== undefined) ? 'inferred' : 'partial';
  const tokens = new Set(base.transactions.map((t) => t.feeToken));
  if (tokens.size === 1 && [...tokens][0]) base.feeToken = [...tokens][0];
  dropUndefined(base);
  progress?.({ phase: 'done', done: inputs.length, total: inputs.length });
  return base;
}

/** The chain id: the option's, else the bundle's; else the check detects it. */
function hashCheckOptions(parts: Parts, opts: ImportOptions) {
  const given = opts.chainId ?? parts.chainId;
  return {
    chainId: given,
    chainIdFrom: opts.chainId !== undefined ? undefined : 'the bundle (chainId)',
    verify: opts.verifyTxHashes,
    onProgress: opts.onProgress,
  };
}

/** buildAccessSets over the merged transactions, with progress and its warnings. */
function attachAccessSets(
  inputs: AccessInput[],
  parts: Parts,
  h: NonNullable<Parts['header']>,
  warnings: string[],
  progress: ImportOptions['onProgress'],
): void {
  const total = inputs.length;
  const step = Math.max(1, Math.floor(total / 50));
  const res = buildAccessSets(
    inputs,
    {
      sequencerAddress: h.sequencerAddress,
      initialReads: parts.initialReads,
      blockStateDiff: parts.stateDiff,
    },
    (i) => {
      if (progress && ((i + 1) % step === 0 || i + 1 === total))
        progress({ phase: 'access-sets', done: i + 1, total });
    },
  );
  if (res.unattributedInitialReads > 0)
    warnings.push(
      `${res.unattributedInitialReads} initial reads could not be attributed to a transaction (no call tree touches their contract)`,
    );
  if (!h.sequencerAddress)
    warnings.push('sequencer address unknown: its fee-balance writes are not deferred');
}

/**
 * Import a block from text or parsed JSON in any supported format (auto-detected).
 * Throws ImportError with a JSON path on malformed input.
 */
export function importBlock(input: string | unknown, opts: ImportOptions = {}): ImportedBlock {
  opts.onProgress?.({ phase: 'parse', done: 0, total: 1 });
  const doc = typeof input === 'string' ? parseJsonText(input) : input;
  opts.onProgress?.({ phase: 'detect', done: 1, total: 1 });
  return assemble(partsFromDocument(doc, '', opts), opts);
}

/** Import several documents of the same block (e.g. a block file plus a traces file). */
export function importBlockParts(
  inputs: (string | unknown)[],
  opts: ImportOptions = {},
): ImportedBlock {
  let parts = emptyParts();
  inputs.forEach((input, i) => {
    opts.onProgress?.({ phase: 'parse', done: i, total: inputs.length });
    const doc = typeof input === 'string' ? parseJsonText(input) : input;
    parts = mergeParts(parts, partsFromDocument(doc, `[${i}]`, opts), `[${i}]`);
  });
  return assemble(parts, opts);
}
