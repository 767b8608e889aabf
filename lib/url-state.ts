/**
 * The shareable URL: `?preset=…` or `?block=<gallery id>`, `&cores=…&variant=…` (+ n, contention,
 * compare), and `&capacity=…`: the block capacity as the CLI's `--block-capacity` takes it.
 */
import { VARIANTS, type Variant } from '@/engine/stm/types';
import { PRESET_IDS, presetInfo, type PresetId } from './presets';
import { MAX_CORES, MIN_CORES, isVariant } from './stores/run-settings';
import { isGalleryId } from './gallery';
import { capacityFromText } from './stores/block-capacity';

export interface UrlState {
  preset?: PresetId;
  /** A gallery block's id (lib/gallery.ts); checked against the gallery when it is loaded. */
  block?: string;
  cores?: number;
  variant?: Variant;
  n?: number;
  contention?: number;
  vb?: Variant;
  cb?: number;
  /**
   * The run's block capacity: the CLI's `--block-capacity` text (`n_txs=40,sierra_gas=5e6`,
   * `default`), or `none` (no capacity although the preset brings one). A value that does not
   * parse is kept, with `capacityError` saying why (the page shows it; nothing is dropped).
   */
  capacity?: string;
  capacityError?: string;
  /**
   * What the link asked for and did not get, one sentence each (a value that is not one, or one
   * out of range and clamped): the page shows them, so a link never changes a setting silently.
   * The capacity's own error is `capacityError`, shown by its control.
   */
  problems: string[];
}

export function parseUrlState(search: string): UrlState {
  const q = new URLSearchParams(search);
  const out: UrlState = { problems: [] };
  const problem = (text: string) => out.problems.push(text);
  const p = q.get('preset');
  if (p !== null) {
    if (presetInfo(p)) out.preset = p as PresetId;
    else problem(`preset "${p}" is not one of the examples (${PRESET_IDS.join(', ')})`);
  }
  const b = q.get('block');
  if (isGalleryId(b)) out.block = b;
  const settings = {
    cores: coresParam(q, 'cores', problem),
    variant: variantParam(q, 'variant', problem),
    n: rangeParam(q, 'n', [1, 20000], problem, Math.round),
    contention: rangeParam(q, 'contention', [0, 1], problem),
    vb: variantParam(q, 'vb', problem),
    cb: coresParam(q, 'cb', problem),
  };
  for (const [k, v] of Object.entries(settings))
    if (v !== undefined) Object.assign(out, { [k]: v });
  const cap = q.get('capacity');
  if (cap !== null) Object.assign(out, parseCapacityParam(cap));
  return out;
}

type Problem = (text: string) => void;

/** A number parameter: a value outside [lo, hi] is clamped and said; a non-number is refused. */
function rangeParam(
  q: URLSearchParams,
  name: string,
  [lo, hi]: [number, number],
  problem: Problem,
  round: (x: number) => number = (x) => x,
): number | undefined {
  const raw = q.get(name);
  if (raw === null) return undefined;
  const x = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(x)) {
    problem(`${name} "${raw}" is not a number`);
    return undefined;
  }
  const v = Math.min(hi, Math.max(lo, round(x)));
  if (v !== x) problem(`${name}=${raw} is outside ${lo}–${hi}: ${v} is used`);
  return v;
}

/** Cores: rounded and clamped to MIN_CORES…MAX_CORES by rangeParam, which says so. */
function coresParam(q: URLSearchParams, name: string, problem: Problem): number | undefined {
  return rangeParam(q, name, [MIN_CORES, MAX_CORES], problem, Math.round);
}

function variantParam(q: URLSearchParams, name: string, problem: Problem): Variant | undefined {
  const raw = q.get(name);
  if (raw === null) return undefined;
  if (isVariant(raw)) return raw;
  problem(`${name} "${raw}" is not a variant (${VARIANTS.join(', ')})`);
  return undefined;
}

function parseCapacityParam(value: string): Pick<UrlState, 'capacity' | 'capacityError'> {
  const capacity = value.trim();
  if (capacity === 'none') return { capacity };
  if (capacity === '')
    return { capacity, capacityError: 'empty (give name=value,…, default or none)' };
  const { error } = capacityFromText(capacity);
  return error ? { capacity, capacityError: error } : { capacity };
}

/**
 * `capacity=` with its `=` and `,` left as they are (legal in a query value, and the link reads
 * like the CLI's flag); everything else percent-encoded (a `+` of `1e+21` would read as a space).
 */
function capacityParam(text: string): string {
  return 'capacity=' + encodeURIComponent(text).replace(/%3D/g, '=').replace(/%2C/g, ',');
}

export function formatUrlState(s: Omit<UrlState, 'problems'>): string {
  const q = new URLSearchParams();
  if (s.preset) q.set('preset', s.preset);
  if (s.block) q.set('block', s.block);
  if (s.cores !== undefined) q.set('cores', String(s.cores));
  if (s.variant) q.set('variant', s.variant);
  if (s.n !== undefined) q.set('n', String(s.n));
  if (s.contention !== undefined) q.set('contention', String(s.contention));
  if (s.vb) q.set('vb', s.vb);
  if (s.cb !== undefined) q.set('cb', String(s.cb));
  const rest = q.toString();
  if (s.capacity === undefined) return '?' + rest;
  return '?' + (rest ? rest + '&' : '') + capacityParam(s.capacity);
}
