/**
 * The shareable URL: `?preset=…` or `?block=<gallery id>`, `&cores=…&variant=…` (+ n, contention,
 * compare), and `&capacity=…`: the block capacity as the CLI's `--block-capacity` takes it.
 */
import type { Variant } from '@/engine/stm/types';
import { presetInfo, type PresetId } from './presets';
import { clampCores, isVariant } from './stores/run-settings';
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
}

export function parseUrlState(search: string): UrlState {
  const q = new URLSearchParams(search);
  const out: UrlState = {};
  const p = q.get('preset');
  if (p && presetInfo(p)) out.preset = p as PresetId;
  const b = q.get('block');
  if (isGalleryId(b)) out.block = b;
  const c = q.get('cores');
  if (c && Number.isFinite(Number(c))) out.cores = clampCores(Number(c));
  const v = q.get('variant');
  if (isVariant(v)) out.variant = v;
  const n = Number(q.get('n'));
  if (q.get('n') && Number.isFinite(n) && n >= 1) out.n = Math.min(20000, Math.round(n));
  const ct = Number(q.get('contention'));
  if (q.get('contention') && Number.isFinite(ct)) out.contention = Math.min(1, Math.max(0, ct));
  const vb = q.get('vb');
  if (isVariant(vb)) out.vb = vb;
  const cb = q.get('cb');
  if (cb && Number.isFinite(Number(cb))) out.cb = clampCores(Number(cb));
  const cap = q.get('capacity');
  if (cap !== null) Object.assign(out, parseCapacityParam(cap));
  return out;
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

export function formatUrlState(s: UrlState): string {
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
