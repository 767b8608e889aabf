/**
 * A DECLARE's class declaration against the trace's state diff. A declared class is not a cell
 * (engine/starknet keeps classes in its ClassProvider), so it is compared here, on its own: the
 * JSON-RPC spec's `STATE_DIFF` lists Cairo 1 classes in `declared_classes` as
 * `{class_hash, compiled_class_hash}` and Cairo 0 classes in `deprecated_declared_classes` as
 * bare hashes (starknet-specs `api/starknet_api_openrpc.json`, `STATE_DIFF`).
 */
import { hex } from '../../types';

/** One declaration: the compiled class hash is undefined for a Cairo 0 (v0/v1) declare. */
export interface Declaration {
  classHash: string;
  compiledClassHash?: string;
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const canon = (v: unknown): string => hex(BigInt(v as string));

/** The declarations in one trace's `state_diff` (both lists). */
export function stateDiffDeclarations(stateDiff: unknown): Declaration[] {
  if (!isObj(stateDiff)) return [];
  const out: Declaration[] = [];
  for (const c of arr(stateDiff.declared_classes))
    if (isObj(c) && typeof c.class_hash === 'string')
      out.push({
        classHash: canon(c.class_hash),
        ...(typeof c.compiled_class_hash === 'string'
          ? { compiledClassHash: canon(c.compiled_class_hash) }
          : {}),
      });
  for (const h of arr(stateDiff.deprecated_declared_classes))
    if (typeof h === 'string') out.push({ classHash: canon(h) });
  return out;
}

/** Per-transaction declarations of raw `starknet_traceBlockTransactions` results, by tx hash. */
export function traceDeclarations(traces: unknown): Map<string, Declaration[]> {
  const out = new Map<string, Declaration[]>();
  const list = isObj(traces) && Array.isArray(traces.traces) ? traces.traces : arr(traces);
  for (const t of list) {
    if (!isObj(t) || typeof t.transaction_hash !== 'string' || !isObj(t.trace_root)) continue;
    if (!isObj(t.trace_root.state_diff)) continue;
    out.set(canon(t.transaction_hash), stateDiffDeclarations(t.trace_root.state_diff));
  }
  return out;
}

const show = (d: Declaration | undefined): string =>
  d === undefined
    ? 'no declaration'
    : d.compiledClassHash === undefined
      ? `Cairo 0 class ${d.classHash} (no compiled class hash)`
      : `class ${d.classHash} with compiled class hash ${d.compiledClassHash}`;

/**
 * What differs between our declaration (`ours`, from engine/starknet's `TxExecution.declared`)
 * and the trace's (`expected`): one message per difference, none when they agree.
 */
export function declarationDifferences(
  ours: { classHash: bigint; compiledClassHash?: bigint } | undefined,
  expected: Declaration[],
): string[] {
  const got: Declaration | undefined = ours && {
    classHash: hex(ours.classHash),
    ...(ours.compiledClassHash !== undefined
      ? { compiledClassHash: hex(ours.compiledClassHash) }
      : {}),
  };
  if (expected.length > 1)
    return [`the trace declares ${expected.length} classes in one transaction`];
  const want = expected[0];
  if (got?.classHash === want?.classHash && got?.compiledClassHash === want?.compiledClassHash)
    return [];
  return [`declaration: trace has ${show(want)}, re-execution ${show(got)}`];
}
