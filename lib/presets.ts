/**
 * The explorer's view of the block presets. The presets themselves (ids, titles, descriptions,
 * default cores, cost models, parameters, builders) live in engine/blocks/catalog.ts, shared
 * with the CLI's `--preset`; this module only adds a pure UI mapping: the page's 0…1
 * "contention" slider and its transaction count are translated into the catalog's own
 * parameters (accounts / pools / collections, n, seed).
 */
import type { BlockExecutor, CostModel } from '../engine/stm/types';
import { resolveCostModel } from '../engine/stm';
import { PRESETS as CATALOG, type PresetInfo as CatalogPreset } from '../engine/blocks/catalog';

/** A catalog id (`seed-abc`, `p2p`, `erc20-cairo`, …). */
export type PresetId = string;

export interface PresetParams {
  /** Number of transactions (presets with an `n` parameter only). */
  n: number;
  /** 0 (no contention) … 1 (every transaction touches the same account / pool / collection). */
  contention: number;
  seed: number;
}

export interface UiPreset {
  id: PresetId;
  title: string;
  description: string;
  /** Hand-made examples (no parameters): fixed transactions, story units. */
  teaching: boolean;
  /** Has a transaction count (and a contention parameter) the page can set. */
  generated: boolean;
  /** Transactions run on the Cairo VM (engine/starknet): the inspector can show their traces. */
  cairo: boolean;
  defaultCores: number;
  defaultN: number;
  maxN: number;
  costModel: CostModel;
  catalog: CatalogPreset;
}

/** The catalog parameter the contention slider drives, and the pool size it maps from. */
const CONTENTION_PARAM = ['accounts', 'pools', 'collections'] as const;

function toUi(p: CatalogPreset): UiPreset {
  const n = p.params.find((x) => x.name === 'n');
  return {
    id: p.id,
    title: p.title,
    description: p.description,
    teaching: p.params.length === 0,
    generated: n !== undefined,
    cairo: p.id.endsWith('-cairo'),
    defaultCores: p.defaultCores,
    defaultN: n?.default ?? 0,
    maxN: n?.max ?? 0,
    costModel: resolveCostModel(p.costModel),
    catalog: p,
  };
}

export const PRESETS: UiPreset[] = CATALOG.map(toUi);
export const PRESET_IDS = PRESETS.map((p) => p.id);

export function presetInfo(id: string): UiPreset | undefined {
  return PRESETS.find((p) => p.id === id);
}

export const DEFAULT_PRESET_PARAMS: PresetParams = { n: 200, contention: 0.3, seed: 1 };

/** Maps the 0…1 contention slider onto a pool size: 0 → many distinct accounts, 1 → `min`. */
export function contentionToPool(n: number, contention: number, min = 1): number {
  const c = Math.min(1, Math.max(0, contention));
  const max = Math.max(min, n * 2);
  return Math.max(min, Math.round(max * Math.pow(min / max, c)));
}

/**
 * The catalog parameters for the page's settings: n (clamped to the preset's range), seed, and
 * the contention slider mapped onto accounts (pool ≈ 2n at 0), pools (≈ n/4) or collections
 * (≈ n/2), clamped to the parameter's range. Teaching presets take no parameters.
 */
export function catalogParams(id: PresetId, params: PresetParams): Record<string, number> {
  const info = presetInfo(id);
  if (!info) throw new RangeError(`unknown preset '${id}'`);
  const out: Record<string, number> = {};
  const n = Math.max(1, Math.round(params.n));
  for (const p of info.catalog.params) {
    const clamp = (v: number) => Math.min(p.max, Math.max(p.min, Math.round(v)));
    if (p.name === 'n') out.n = clamp(n);
    else if (p.name === 'seed') out.seed = clamp(params.seed);
    else if ((CONTENTION_PARAM as readonly string[]).includes(p.name)) {
      const base =
        p.name === 'accounts' ? n : p.name === 'pools' ? Math.ceil(n / 8) : Math.ceil(n / 4);
      out[p.name] = clamp(contentionToPool(base, params.contention, p.min));
    }
  }
  return out;
}

/** Builds the executor of a preset through the catalog (pure, deterministic in its parameters). */
export function buildPreset(id: PresetId, params: PresetParams): BlockExecutor {
  const info = presetInfo(id);
  if (!info) throw new RangeError(`unknown preset '${id}'`);
  return info.catalog.build(catalogParams(id, params));
}
