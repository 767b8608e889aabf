/**
 * Our demo contracts, written in Cairo assembly and assembled by engine/vm's assembler into real
 * CasmContractClass JSON. The assembly text is produced by a few macros (`Fn`) that spell out the
 * Starknet OS syscall layout, pedersen/range-check builtin usage and the Cairo 1 entry-point
 * calling convention: args (builtins..., gas, syscall_ptr, calldata_start, calldata_end) at
 * [fp - 2 - n + i]; returns (builtins..., gas, syscall_ptr, panic_flag, ret_start, ret_end).
 *
 *  - ERC20 (felt balances stored at pedersen(sn_keccak("ERC20_balances"), owner), u256-shaped
 *    calldata and retdata): balance_of(owner) -> u256, transfer(recipient, amount: u256) with a
 *    sound balance check (hint + range checks; panics with 'u256_sub Overflow'), Transfer events.
 *  - AMM pool: swap(a_to_b, amount_in) -> u256; constant product x·y, reserves at
 *    sn_keccak("reserve_a") / sn_keccak("reserve_b"), exact integer division checked by range checks.
 *  - NFT: mint(to) -> u256 (shared counter sn_keccak("next_token_id"), owner map
 *    pedersen(sn_keccak("ERC721_owners"), id)), owner_of(id).
 *  - Account: __validate__ checks a Stark-curve ECDSA signature of the transaction hash with the
 *    ecdsa builtin against the key at sn_keccak("public_key"); __execute__ dispatches the calls
 *    ([n, (to, selector, calldata_len, calldata...)*]) with CallContract, recursively.
 */
import { poseidonHashMany } from '@scure/starknet';
import { assemble } from '../../vm/assembler';
import type { CasmClassJson } from '../casm';
import { selectorOf, shortString } from '../execution';

const PRIME = 2n ** 251n + 17n * 2n ** 192n + 1n;
const hx = (v: bigint) => '0x' + (((v % PRIME) + PRIME) % PRIME).toString(16);

interface Builtins {
  names: string[];
}

/** Macro helper for one function body. */
class Fn {
  lines: string[] = [];
  private nLocals = 0;
  private sysOff = 0;
  private fails: string[] = [];
  private used: Record<string, number> = {};
  private gas: string;
  private static uid = 0;
  private readonly nArgs: number;

  constructor(
    readonly name: string,
    readonly b: Builtins,
    readonly sys = '[fp + -5]',
    gasCell = '[fp + -6]',
    readonly entry = true,
  ) {
    this.nArgs = b.names.length + 4;
    this.gas = gasCell;
    for (const n of b.names) this.used[n] = 0;
  }
  private builtinCell(n: string): string {
    return `[fp + ${-2 - this.nArgs + this.b.names.indexOf(n)}]`;
  }
  loc(): string {
    return `[fp + ${this.nLocals++}]`;
  }
  emit(...s: string[]): void {
    this.lines.push(...s);
  }
  /** A local holding an immediate. */
  konst(v: bigint): string {
    const c = this.loc();
    this.emit(`${c} = ${hx(v)};`);
    return c;
  }
  arg(i: number): string {
    const c = this.loc();
    this.emit(`${c} = [[fp + -4] + ${i}];`);
    return c;
  }
  pedersen(x: string, y: string): string {
    const p = this.builtinCell('pedersen');
    const u = this.used.pedersen++;
    const out = this.loc();
    this.emit(
      `${x} = [${p} + ${3 * u}];`,
      `${y} = [${p} + ${3 * u + 1}];`,
      `${out} = [${p} + ${3 * u + 2}];`,
    );
    return out;
  }
  rangeCheck(c: string): void {
    const p = this.builtinCell('range_check');
    this.emit(`${c} = [${p} + ${this.used.range_check++}];`);
  }
  /** Emit a syscall; returns double-deref operands of the response fields. */
  syscall(name: string, fields: string[], nResp: number): string[] {
    const k = this.sysOff;
    const S = this.sys;
    const sel = this.loc();
    this.emit(
      `${sel} = ${hx(shortString(name))};`,
      `${sel} = [${S} + ${k}];`,
      `${this.gas} = [${S} + ${k + 1}];`,
    );
    fields.forEach((f, i) => this.emit(`${f} = [${S} + ${k + 2 + i}];`));
    const n = fields.length;
    const g = this.loc();
    const fl = this.loc();
    const label = `${this.name}_fail_${Fn.uid++}`;
    this.emit(
      `%{ SystemCall system=${S} + ${k} %}`,
      `${g} = [${S} + ${k + 2 + n}];`,
      `${fl} = [${S} + ${k + 3 + n}];`,
      `jmp ${label} if ${fl} != 0;`,
    );
    this.gas = g;
    // failure: return the syscall's revert reason as panic data
    this.fails.push(
      `${label}:`,
      ...this.pushBuiltins(),
      `[ap] = ${g}, ap++;`,
      `[ap] = ${S} + ${k + 2 + n + 4}, ap++;`,
      `[ap] = 1, ap++;`,
      `[ap] = [${S} + ${k + 4 + n}], ap++;`,
      `[ap] = [${S} + ${k + 5 + n}], ap++;`,
      `ret;`,
    );
    this.sysOff = k + 4 + n + nResp;
    return Array.from({ length: nResp }, (_, i) => `[${S} + ${k + 4 + n + i}]`);
  }
  /** Copy a response field into a local. */
  take(op: string): string {
    const c = this.loc();
    this.emit(`${c} = ${op};`);
    return c;
  }
  private pushBuiltins(): string[] {
    return this.b.names.map(
      (n) =>
        `[ap] = ${this.builtinCell(n)} + ${n === 'pedersen' ? 3 * this.used[n] : this.used[n]}, ap++;`,
    );
  }
  /** A new array segment holding the given cells: returns [start, end] locals. */
  array(cells: string[]): [string, string] {
    const s = this.loc();
    const e = this.loc();
    this.emit(`%{ AllocSegment dst=${s} %}`);
    cells.forEach((c, i) => this.emit(`${c} = [${s} + ${i}];`));
    if (cells.length === 0) this.emit(`${e} = ${s};`);
    else this.emit(`${e} = ${s} + ${cells.length};`);
    return [s, e];
  }
  /** Return (success, or panic with `reason` cells). */
  ret(data: string[], panic = false): void {
    const [s, e] = this.array(data);
    this.emit(
      ...this.pushBuiltins(),
      `[ap] = ${this.gas}, ap++;`,
      `[ap] = ${this.sys} + ${this.sysOff}, ap++;`,
      `[ap] = ${panic ? 1 : 0}, ap++;`,
      `[ap] = ${s}, ap++;`,
      `[ap] = ${e}, ap++;`,
      `ret;`,
    );
  }
  /** Save/restore the macro state around a branch that must end in the same state. */
  snapshot(): () => void {
    const st = { sysOff: this.sysOff, gas: this.gas, used: { ...this.used } };
    return () => {
      this.sysOff = st.sysOff;
      this.gas = st.gas;
      this.used = { ...st.used };
    };
  }
  text(): string {
    return [`${this.name}:`, `ap += ${this.nLocals};`, ...this.lines, ...this.fails].join('\n');
  }
}

const sel = (s: string) => selectorOf(s);

/** Panic if `cell` (a felt) is negative as an integer below 2^128: hint + range checks on both sides. */
function checkNonNegative(f: Fn, cell: string, reason: string): void {
  const t = f.loc();
  const ok = `${f.name}_ok_${f.lines.length}`;
  f.emit(
    `%{ TestLessThan lhs=${cell} rhs=${hx(1n << 128n)} dst=${t} %}`,
    `jmp ${ok} if ${t} != 0;`,
  );
  const restore = f.snapshot();
  const m1 = f.konst(-1n);
  const d = f.loc();
  f.emit(`${m1} = ${cell} + ${d};`); // d = -1 - cell >= 0
  f.rangeCheck(d);
  const r = f.konst(shortString(reason));
  f.ret([r], true);
  restore();
  f.emit(`${ok}:`);
  f.rangeCheck(cell);
}

function casmClass(
  src: string,
  eps: { name: string; label: string; builtins: string[]; type?: 'EXTERNAL' | 'CONSTRUCTOR' }[],
): CasmClassJson {
  const prog = assemble(src);
  const byType: CasmClassJson['entry_points_by_type'] = {
    EXTERNAL: [],
    L1_HANDLER: [],
    CONSTRUCTOR: [],
  };
  for (const ep of eps) {
    const offset = prog.labels[ep.label];
    if (offset === undefined) throw new Error(`no label ${ep.label}`);
    byType[ep.type ?? 'EXTERNAL'].push({
      selector: hx(sel(ep.name)),
      offset,
      builtins: ep.builtins,
    });
  }
  for (const t of Object.values(byType))
    t.sort((a, b) => (BigInt(a.selector) < BigInt(b.selector) ? -1 : 1));
  return {
    prime: '0x' + PRIME.toString(16),
    compiler_version: 'stm-explorer-asm',
    bytecode: prog.bytecode.map(hx),
    hints: prog.hints as CasmClassJson['hints'],
    entry_points_by_type: byType,
  };
}

/** Demo class id: poseidon of the bytecode (not Starknet's compiled class hash). */
export function demoClassHash(c: CasmClassJson): bigint {
  return poseidonHashMany(c.bytecode.map((x) => BigInt(x)));
}

export const ERC20_BALANCES = sel('ERC20_balances');
export const NFT_OWNERS = sel('ERC721_owners');
export const NFT_NEXT_ID = sel('next_token_id');
export const AMM_RESERVE_A = sel('reserve_a');
export const AMM_RESERVE_B = sel('reserve_b');
export const ACCOUNT_PUBLIC_KEY = sel('public_key');
export const VALID = shortString('VALID');

const PR = { names: ['pedersen', 'range_check'] };

export function erc20Source(): string {
  const bal = new Fn('balance_of', PR);
  {
    const owner = bal.arg(0);
    const key = bal.pedersen(bal.konst(ERC20_BALANCES), owner);
    const [v] = bal.syscall('StorageRead', [bal.konst(0n), key], 1);
    const val = bal.take(v);
    bal.ret([val, bal.konst(0n)]);
  }
  const tr = new Fn('transfer', PR);
  {
    const to = tr.arg(0);
    const amount = tr.arg(1);
    const hi = tr.arg(2);
    tr.emit(`${hi} = 0;`);
    const [info] = tr.syscall('GetExecutionInfo', [], 1);
    const infoPtr = tr.take(info);
    const from = tr.take(`[${infoPtr} + 2]`);
    const balKey = tr.konst(ERC20_BALANCES);
    const kf = tr.pedersen(balKey, from);
    const zero = tr.konst(0n);
    const [bf] = tr.syscall('StorageRead', [zero, kf], 1);
    const balFrom = tr.take(bf);
    const nf = tr.loc();
    tr.emit(`${balFrom} = ${nf} + ${amount};`);
    checkNonNegative(tr, nf, 'u256_sub Overflow');
    tr.syscall('StorageWrite', [zero, kf, nf], 0);
    const kt = tr.pedersen(balKey, to);
    const [bt] = tr.syscall('StorageRead', [zero, kt], 1);
    const balTo = tr.take(bt);
    const nt = tr.loc();
    tr.emit(`${nt} = ${balTo} + ${amount};`);
    tr.rangeCheck(nt);
    tr.syscall('StorageWrite', [zero, kt, nt], 0);
    const [ks, ke] = tr.array([tr.konst(sel('Transfer')), from, to]);
    const [ds, de] = tr.array([amount, zero]);
    tr.syscall('EmitEvent', [ks, ke, ds, de], 0);
    tr.ret([]);
  }
  return [bal.text(), tr.text()].join('\n');
}

export function ammSource(): string {
  const f = new Fn('swap', { names: ['range_check'] });
  const aToB = f.arg(0);
  const amount = f.arg(1);
  const zero = f.konst(0n);
  const [ra] = f.syscall('StorageRead', [zero, f.konst(AMM_RESERVE_A)], 1);
  const resA = f.take(ra);
  const [rb] = f.syscall('StorageRead', [zero, f.konst(AMM_RESERVE_B)], 1);
  const resB = f.take(rb);
  const rin = f.loc();
  const rout = f.loc();
  const kin = f.loc();
  const kout = f.loc();
  f.emit(
    `jmp swap_a_to_b if ${aToB} != 0;`,
    `${rin} = ${resB};`,
    `${rout} = ${resA};`,
    `${kin} = ${hx(AMM_RESERVE_B)};`,
    `${kout} = ${hx(AMM_RESERVE_A)};`,
    `jmp swap_common;`,
    `swap_a_to_b:`,
    `${rin} = ${resA};`,
    `${rout} = ${resB};`,
    `${kin} = ${hx(AMM_RESERVE_A)};`,
    `${kout} = ${hx(AMM_RESERVE_B)};`,
    `swap_common:`,
  );
  f.rangeCheck(amount);
  const num = f.loc();
  const den = f.loc();
  const q = f.loc();
  const r = f.loc();
  const qd = f.loc();
  const x = f.loc();
  const x1 = f.loc();
  const nout = f.loc();
  f.emit(
    `${num} = ${rout} * ${amount};`,
    `${den} = ${rin} + ${amount};`,
    `%{ DivMod lhs=${num} rhs=${den} quotient=${q} remainder=${r} %}`,
    `${qd} = ${q} * ${den};`,
    `${num} = ${qd} + ${r};`,
  );
  f.rangeCheck(q);
  f.rangeCheck(r);
  f.emit(`${den} = ${r} + ${x};`, `${x} = ${x1} + 1;`);
  f.rangeCheck(x1);
  f.emit(`${rout} = ${nout} + ${q};`);
  f.rangeCheck(nout);
  f.syscall('StorageWrite', [zero, kin, den], 0);
  f.syscall('StorageWrite', [zero, kout, nout], 0);
  const [ks, ke] = f.array([f.konst(sel('Swap'))]);
  const [ds, de] = f.array([aToB, amount, q]);
  f.syscall('EmitEvent', [ks, ke, ds, de], 0);
  f.ret([q, zero]);
  return f.text();
}

export function nftSource(): string {
  const m = new Fn('mint', PR);
  {
    const to = m.arg(0);
    const zero = m.konst(0n);
    const nextKey = m.konst(NFT_NEXT_ID);
    const [c] = m.syscall('StorageRead', [zero, nextKey], 1);
    const cur = m.take(c);
    const id = m.loc();
    m.emit(`${id} = ${cur} + 1;`);
    m.syscall('StorageWrite', [zero, nextKey, id], 0);
    const ko = m.pedersen(m.konst(NFT_OWNERS), id);
    m.syscall('StorageWrite', [zero, ko, to], 0);
    const [ks, ke] = m.array([m.konst(sel('Transfer')), zero, to]);
    const [ds, de] = m.array([id, zero]);
    m.syscall('EmitEvent', [ks, ke, ds, de], 0);
    m.ret([id, zero]);
  }
  const o = new Fn('owner_of', PR);
  {
    const id = o.arg(0);
    const ko = o.pedersen(o.konst(NFT_OWNERS), id);
    const [v] = o.syscall('StorageRead', [o.konst(0n), ko], 1);
    o.ret([o.take(v)]);
  }
  return [m.text(), o.text()].join('\n');
}

/**
 * `__validate__`: checks a Stark ECDSA signature of the transaction hash (from get_execution_info)
 * against the key in storage, with the ecdsa builtin.
 */
function accountValidate(): Fn {
  const v = new Fn('validate', { names: ['ecdsa'] });
  const [info] = v.syscall('GetExecutionInfo', [], 1);
  const infoPtr = v.take(info);
  const txInfo = v.take(`[${infoPtr} + 1]`);
  const sigStart = v.take(`[${txInfo} + 3]`);
  const sigEnd = v.take(`[${txInfo} + 4]`);
  const txHash = v.take(`[${txInfo} + 5]`);
  v.emit(`${sigEnd} = ${sigStart} + 2;`);
  const r = v.take(`[${sigStart} + 0]`);
  const s = v.take(`[${sigStart} + 1]`);
  const [pk] = v.syscall('StorageRead', [v.konst(0n), v.konst(ACCOUNT_PUBLIC_KEY)], 1);
  const pub = v.take(pk);
  // the ecdsa builtin checks the registered signature once both cells are written
  v.emit(
    `%{ AddEcdsaSignature ecdsa_ptr=[fp + -7] r=${r} s=${s} %}`,
    `${pub} = [[fp + -7] + 0];`,
    `${txHash} = [[fp + -7] + 1];`,
  );
  // ecdsa pointer advanced by one instance (2 cells)
  (v as unknown as { used: Record<string, number> }).used.ecdsa = 2;
  v.ret([v.konst(VALID)]);
  return v;
}

/**
 * `__execute__`'s loop, `exec_calls(gas, sys, ptr, n) -> (gas, sys, panic_flag, start, end)`: one
 * CallContract per call, recursing on the rest.
 */
function accountExecCalls(): Fn {
  const loop = new Fn('exec_calls', { names: [] }, '[fp + -5]', '[fp + -6]', false);
  const done = loop.loc();
  loop.emit(
    `jmp exec_calls_body if [fp + -3] != 0;`,
    `%{ AllocSegment dst=${done} %}`,
    `[ap] = [fp + -6], ap++;`,
    `[ap] = [fp + -5], ap++;`,
    `[ap] = 0, ap++;`,
    `[ap] = ${done}, ap++;`,
    `[ap] = ${done}, ap++;`,
    `ret;`,
    `exec_calls_body:`,
  );
  const to = loop.take(`[[fp + -4] + 0]`);
  const selector = loop.take(`[[fp + -4] + 1]`);
  const len = loop.take(`[[fp + -4] + 2]`);
  const cds = loop.loc();
  const cde = loop.loc();
  loop.emit(`${cds} = [fp + -4] + 3;`, `${cde} = ${cds} + ${len};`);
  loop.syscall('CallContract', [to, selector, cds, cde], 2);
  const g = (loop as unknown as { gas: string }).gas;
  loop.emit(
    `[ap] = ${g}, ap++;`,
    `[ap] = [fp + -5] + 10, ap++;`,
    `[ap] = ${cde}, ap++;`,
    `[ap] = [fp + -3] + -1, ap++;`,
    `call exec_calls;`,
    `ret;`,
  );
  return loop;
}

/** `__execute__`: the calls array is [n, (to, selector, len, data…)…]; runs exec_calls on it. */
const ACCOUNT_EXECUTE = [
  `execute:`,
  `[ap] = [fp + -6], ap++;`,
  `[ap] = [fp + -5], ap++;`,
  `[ap] = [fp + -4] + 1, ap++;`,
  `[ap] = [[fp + -4] + 0], ap++;`,
  `call exec_calls;`,
  `ret;`,
].join('\n');

export function accountSource(): string {
  return [accountValidate().text(), ACCOUNT_EXECUTE, accountExecCalls().text()].join('\n');
}

let cache:
  | { erc20: CasmClassJson; amm: CasmClassJson; nft: CasmClassJson; account: CasmClassJson }
  | undefined;

/** The four demo classes (assembled once). */
export function demoClasses(): {
  erc20: CasmClassJson;
  amm: CasmClassJson;
  nft: CasmClassJson;
  account: CasmClassJson;
} {
  cache ??= {
    erc20: casmClass(erc20Source(), [
      { name: 'balance_of', label: 'balance_of', builtins: PR.names },
      { name: 'transfer', label: 'transfer', builtins: PR.names },
    ]),
    amm: casmClass(ammSource(), [{ name: 'swap', label: 'swap', builtins: ['range_check'] }]),
    nft: casmClass(nftSource(), [
      { name: 'mint', label: 'mint', builtins: PR.names },
      { name: 'owner_of', label: 'owner_of', builtins: PR.names },
    ]),
    account: casmClass(accountSource(), [
      { name: '__validate__', label: 'validate', builtins: ['ecdsa'] },
      { name: '__execute__', label: 'execute', builtins: [] },
    ]),
  };
  return cache;
}
