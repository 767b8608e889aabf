/** The shareable URL: `?preset=…` or `?block=<gallery id>`, `&cores=…&variant=…` (+ n, contention, compare). */
import type { Variant } from '@/engine/stm/types';
import { presetInfo, type PresetId } from './presets';
import { clampCores, isVariant } from './stores/run-settings';
import { isGalleryId } from './gallery';

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
  return out;
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
  return '?' + q.toString();
}
