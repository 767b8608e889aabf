/**
 * The code of a loaded class as an inspector shows it, the same for both kinds: its words (CASM
 * bytecode, or a Cairo 0 program's `data`), the hints attached to each pc (CASM hint names, or a
 * Cairo 0 hint's function and first code line), its entry points' offsets, and names for its
 * selectors (a Cairo 0 class's ABI and program identifiers say them; CASM has neither).
 */
import { findEntryPointOf } from './casm';
import type { EntryPointType } from './casm';
import type { ContractClass } from './state';
import { isDeprecatedClass } from './deprecated/class';
import type { DeprecatedClass } from './deprecated/class';
import { selectorOf } from './execution';

export interface ClassCode {
  words: (bigint | number)[];
  hintsAt(pc: number): string[];
  /** Every entry point's offset, of all types. */
  entryOffsets: number[];
  /** The entry point a call of this type and selector runs, as the executor resolves it. */
  entryOffset(type: EntryPointType, selector: bigint): number | undefined;
  /** Names of the class's functions by selector (empty when the class does not say them). */
  names: Map<bigint, string>;
}

const MAX_HINT_TEXT = 80;

/** A Cairo 0 hint as one line: the function it is in, then its first line of code. */
function cairo0HintName(h: { code: string; accessible_scopes?: string[] }): string {
  const scope = h.accessible_scopes?.at(-1)?.split('.').at(-1);
  const line = h.code.split('\n')[0].trim();
  const text = scope ? `${scope}: ${line}` : line;
  return text.length > MAX_HINT_TEXT ? text.slice(0, MAX_HINT_TEXT - 1) + '…' : text;
}

/** Function names of a Cairo 0 class: its ABI's functions, then its program's `__main__` functions. */
function cairo0Names(cls: DeprecatedClass): Map<bigint, string> {
  const names = new Map<bigint, string>();
  const add = (n: unknown) => {
    if (typeof n === 'string' && n && !names.has(selectorOf(n))) names.set(selectorOf(n), n);
  };
  const abi = Array.isArray(cls.raw.abi) ? (cls.raw.abi as { type?: string; name?: string }[]) : [];
  for (const e of abi) if (e.type && e.type !== 'struct' && e.type !== 'event') add(e.name);
  const ids = (cls.program.identifiers ?? {}) as Record<string, { type?: string }>;
  for (const [full, id] of Object.entries(ids))
    if (id.type === 'function' && full.startsWith('__main__.') && full.split('.').length === 2)
      add(full.slice('__main__.'.length));
  return names;
}

/** The first entry point of the type when the selector has none and the first is the default (selector 0). */
function deprecatedEntry(cls: DeprecatedClass, type: EntryPointType, selector: bigint) {
  const eps = cls.entryPoints[type];
  return eps.find((e) => e.selector === selector) ?? (eps[0]?.selector === 0n ? eps[0] : undefined);
}

function deprecatedCode(cls: DeprecatedClass): ClassCode {
  const hints = cls.program.hints;
  return {
    words: cls.program.data.map((w) => BigInt(w)),
    hintsAt: (pc) => (hints[String(pc)] ?? []).map(cairo0HintName),
    entryOffsets: Object.values(cls.entryPoints)
      .flat()
      .map((e) => e.offset),
    entryOffset: (type, selector) => deprecatedEntry(cls, type, selector)?.offset,
    names: cairo0Names(cls),
  };
}

const codes = new WeakMap<object, ClassCode>();

/** The class's code view (memoized per loaded class: a Cairo 0 program's words are converted once). */
export function classCode(cls: ContractClass): ClassCode {
  const known = codes.get(cls);
  if (known) return known;
  const code: ClassCode = isDeprecatedClass(cls)
    ? deprecatedCode(cls)
    : {
        words: cls.bytecode as (bigint | number)[],
        hintsAt: (pc) => (cls.hints.get(pc) ?? []).map((h) => h.name),
        entryOffsets: Object.values(cls.entryPoints)
          .flat()
          .map((e) => e.offset),
        entryOffset: (type, selector) => findEntryPointOf(cls, type, selector)?.offset,
        names: new Map(),
      };
  codes.set(cls, code);
  return code;
}
