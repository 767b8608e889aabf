/**
 * `ids.*` of a Cairo 0 hint: the names of its `flow_tracking_data.reference_ids` (evaluated from
 * the program's `reference_manager` expressions, with ap corrected by ap tracking) and the
 * constants / struct sizes reachable from its `accessible_scopes` (the program's `identifiers`).
 * Semantics follow cairo-lang's VmConsts (src/starkware/cairo/lang/vm/vm_consts.py, v0.13.x):
 * a pointer to a struct is dereferenced by a member access, `.address_` is a value's address.
 */
import { type Val, feltFromBig, feltMul, feltNeg, toBig } from '../../felt';
import { isRel, mkRel, showVal } from '../../relocatable';

const EXECUTION = 1; // ap and fp are offsets in the execution segment
import { valAdd, valSub } from '../../memory';
import type { VirtualMachine } from '../../vm';
import { type Expr, parseExpr } from './expr';

export interface ApTracking {
  group: number;
  offset: number;
}
export interface Cairo0Reference {
  ap_tracking_data: ApTracking;
  pc: number;
  value: string;
}
export interface Cairo0Identifier {
  type?: string;
  pc?: number;
  value?: unknown;
  destination?: string;
  cairo_type?: string;
  size?: number;
  members?: Record<string, { cairo_type: string; offset: number }>;
}
export type Identifiers = Record<string, Cairo0Identifier>;

export interface FlowTrackingData {
  ap_tracking: ApTracking;
  reference_ids: Record<string, number>;
}

/** A value with its Cairo type; `addr` is set when it lives in memory, `items` for tuple rvalues. */
interface Typed {
  type: string;
  addr?: Val;
  value?: Val;
  items?: Val[];
}

interface BoundRef {
  expr: Expr;
  apDelta: number | undefined; // hint ap offset − reference ap offset; undefined: other group
}

export class IdsResolver {
  private readonly refs = new Map<string, BoundRef>();
  private vm!: VirtualMachine;

  constructor(
    private readonly identifiers: Identifiers,
    private readonly scopes: string[],
    flow: FlowTrackingData,
    references: Cairo0Reference[],
  ) {
    for (const [full, id] of Object.entries(flow.reference_ids)) {
      const ref = references[id];
      const expr = parseExpr(ref.value);
      const same = ref.ap_tracking_data.group === flow.ap_tracking.group;
      const apDelta = same ? flow.ap_tracking.offset - ref.ap_tracking_data.offset : undefined;
      // An ap-based reference from another ap-tracking group cannot be evaluated (cairo-lang
      // raises when it is used, not before): keep it and fail on use.
      this.refs.set(full.slice(full.lastIndexOf('.') + 1), { expr, apDelta });
    }
  }

  /** Bind to the VM about to run the hint (ids read registers and memory at that moment). */
  bind(vm: VirtualMachine): this {
    this.vm = vm;
    return this;
  }

  has(name: string): boolean {
    return this.refs.has(name) || this.constant(name) !== undefined;
  }

  /** Value of `ids.<path>` (a felt or a pointer). */
  get(path: string): Val {
    const parts = path.split('.');
    if (!this.refs.has(parts[0])) {
      const c = this.constant(path);
      if (c === undefined) throw new Error(`unknown identifier ids.${path}`);
      return feltFromBig(c);
    }
    const t = this.walk(parts);
    return this.rvalue(t, path);
  }

  /** `ids.<path>` as a felt (bigint); throws on a pointer. */
  felt(path: string): bigint {
    const v = this.get(path);
    if (isRel(v)) throw new Error(`ids.${path} is a pointer (${showVal(v)}), expected a felt`);
    return toBig(v);
  }

  /** `ids.<path>` as a pointer (encoded relocatable); throws on a felt. */
  ptr(path: string): number {
    const v = this.get(path);
    if (!isRel(v)) throw new Error(`ids.${path} is the felt ${showVal(v)}, expected a pointer`);
    return v;
  }

  /** `ids.<path>.address_`. */
  addr(path: string): number {
    const t = this.walk(path.split('.'));
    if (t.addr === undefined || !isRel(t.addr)) throw new Error(`ids.${path} has no address`);
    return t.addr;
  }

  /** `ids.<path> = v`. */
  set(path: string, v: Val | bigint): void {
    const t = this.walk(path.split('.'));
    if (t.addr === undefined || !isRel(t.addr))
      throw new Error(`cannot assign ids.${path}: not in memory`);
    const val = typeof v === 'bigint' ? feltFromBig(v) : v;
    this.vm.mem.setAt(t.addr, val);
  }

  /** Integer value of a constant `ids.NAME` or `ids.Struct.SIZE` seen from the hint's scopes. */
  constant(path: string): bigint | undefined {
    const parts = path.split('.');
    const last = parts[parts.length - 1];
    const head = last === 'SIZE' ? parts.slice(0, -1).join('.') : path;
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const id = this.resolveName(`${this.scopes[i]}.${head}`);
      if (!id) continue;
      if (last === 'SIZE' && id.type === 'struct') return BigInt(id.size!);
      if (id.type === 'const') return BigInt(id.value as number | string | bigint);
    }
    return undefined;
  }

  private resolveName(full: string): Cairo0Identifier | undefined {
    let id = this.identifiers[full];
    for (let i = 0; id && (id.type === 'alias' || id.type === 'type_definition') && i < 20; i++) {
      if (id.type === 'alias') id = this.identifiers[id.destination!];
      else break;
    }
    return id;
  }

  private struct(type: string): Cairo0Identifier {
    let id = this.resolveName(type);
    if (id?.type === 'type_definition' && id.cairo_type) id = this.resolveName(id.cairo_type);
    if (!id || id.type !== 'struct') throw new Error(`type ${type} is not a struct`);
    return id;
  }

  private isStruct(type: string): boolean {
    try {
      this.struct(type);
      return true;
    } catch {
      return false;
    }
  }

  private walk(parts: string[]): Typed {
    const ref = this.refs.get(parts[0]);
    if (!ref) throw new Error(`unknown identifier ids.${parts[0]}`);
    let t = this.evaluate(ref.expr, ref.apDelta, parts[0]);
    for (let i = 1; i < parts.length; i++) {
      const m = parts[i];
      // `.address_` of a struct is where it lives; of a pointer to a struct, the pointer.
      if (m === 'address_')
        return t.type.endsWith('*') && this.isStruct(t.type.slice(0, -1))
          ? { type: t.type, value: this.rvalue(t, parts.join('.')) }
          : { type: t.type + '*', value: t.addr };
      t = this.member(t, m, parts.slice(0, i + 1).join('.'));
    }
    return t;
  }

  private member(t: Typed, m: string, path: string): Typed {
    let base: Val | undefined;
    let structType: string;
    if (t.type.endsWith('*')) {
      structType = t.type.slice(0, -1);
      base = this.rvalue(t, path);
    } else {
      structType = t.type;
      base = t.addr;
    }
    const s = this.struct(structType);
    const mem = s.members?.[m];
    if (!mem) throw new Error(`ids.${path}: ${structType} has no member ${m}`);
    if (base === undefined && t.items) return { type: mem.cairo_type, value: t.items[mem.offset] };
    if (base === undefined) throw new Error(`ids.${path}: value has no address`);
    return { type: mem.cairo_type, addr: valAdd(base, mem.offset) };
  }

  private rvalue(t: Typed, path: string): Val {
    if (t.value !== undefined) return t.value;
    if (t.addr !== undefined) {
      const v = this.vm.mem.getAt(t.addr as number);
      if (v === undefined) throw new Error(`ids.${path}: unknown memory cell ${showVal(t.addr)}`);
      return v;
    }
    throw new Error(`ids.${path} has no single value`);
  }

  private evaluate(e: Expr, apDelta: number | undefined, name: string): Typed {
    switch (e.k) {
      case 'int':
        return { type: 'felt', value: feltFromBig(e.v) };
      case 'reg': {
        if (e.r === 'fp') return { type: 'felt*', value: mkRel(EXECUTION, this.vm.fp) };
        if (apDelta === undefined)
          throw new Error(`ids.${name}: ap-based reference revoked (ap tracking group changed)`);
        return { type: 'felt*', value: mkRel(EXECUTION, this.vm.ap - apDelta) };
      }
      case 'deref': {
        const inner = this.evaluate(e.e, apDelta, name);
        const p = this.rvalue(inner, name);
        const type = inner.type.endsWith('*') ? inner.type.slice(0, -1) : 'felt';
        return { type, addr: p };
      }
      case 'cast': {
        const inner = this.evaluate(e.e, apDelta, name);
        return { ...inner, type: e.type };
      }
      case 'tuple':
        return {
          type: 'tuple',
          items: e.items.map((x) => this.rvalue(this.evaluate(x, apDelta, name), name)),
        };
      case 'neg':
        return { type: 'felt', value: feltNeg(this.num(e.e, apDelta, name)) };
      case 'bin': {
        const a = this.evaluate(e.a, apDelta, name);
        const av = this.rvalue(a, name);
        const bv = this.rvalue(this.evaluate(e.b, apDelta, name), name);
        const type = isRel(av) ? a.type : 'felt';
        if (e.op === '+') return { type, value: valAdd(av, bv) };
        if (e.op === '-') return { type: isRel(bv) ? 'felt' : type, value: valSub(av, bv) };
        if (isRel(av) || isRel(bv)) throw new Error(`ids.${name}: pointer in a product`);
        return { type: 'felt', value: feltMul(av, bv) };
      }
    }
  }

  private num(e: Expr, apDelta: number | undefined, name: string): number | bigint {
    const v = this.rvalue(this.evaluate(e, apDelta, name), name);
    if (isRel(v)) throw new Error(`ids.${name}: cannot negate a pointer`);
    return v;
  }
}
