import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { blake2s } from '@noble/hashes/blake2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { VirtualMachine } from '../../../engine/vm/vm';
import { P } from '../../../engine/vm/felt';
import { mkRel } from '../../../engine/vm/relocatable';
import { parseExpr } from '../../../engine/vm/hints/cairo0/expr';
import { type Identifiers, IdsResolver } from '../../../engine/vm/hints/cairo0/ids';
import { type HintContext, scopes } from '../../../engine/vm/hints/cairo0/context';
import { CAIRO0_HINTS, findCairo0Hint } from '../../../engine/vm/hints/cairo0/index';
import { assertLeFelt } from '../../../engine/vm/hints/cairo0/math_cmp';
import { signedDivRem, unsignedDivRem } from '../../../engine/vm/hints/cairo0/math';
import { uint256MulDivMod } from '../../../engine/vm/hints/cairo0/uint256';
import { split, BASE } from '../../../engine/vm/hints/cairo0/secp';
import { randomEcPoint } from '../../../engine/vm/hints/cairo0/ec';
import { BETA } from '../../../engine/vm/builtins/ec_op';
import {
  builtinStateToLanes,
  keccakFunc,
  unsafeKeccak,
} from '../../../engine/vm/hints/cairo0/keccak';
import { keccakF1600 } from '../../../engine/vm/builtins/keccak';
import { blake2sCompress } from '../../../engine/vm/hints/cairo0/blake2s';
import { usortBody } from '../../../engine/vm/hints/cairo0/usort';
import { parseJsonExact } from '../../../engine/vm/json';
import { compressBlock } from '../../../engine/vm/hints/cairo0/sha256';
import {
  r1DoubleNewX,
  r1DoubleNewY,
  r1DoubleSlope,
} from '../../../engine/vm/hints/cairo0/secp256r1';
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { parseCairo0, runCairo0 } from '../../../engine/vm/cairo0';

const U256: Identifiers = {
  'm.Uint256': {
    type: 'struct',
    size: 2,
    members: { low: { cairo_type: 'felt', offset: 0 }, high: { cairo_type: 'felt', offset: 1 } },
  },
  'm.SHIFT': { type: 'const', value: '340282366920938463463374607431768211456' },
  'm.f.Local': { type: 'alias', destination: 'm.Uint256' },
};

/** A VM with fp = 10, ap = 20 and a hint context whose ids are the given reference expressions. */
function context(
  refs: Record<string, string>,
  opts: { identifiers?: Identifiers; apOffsets?: [number, number]; groups?: [number, number] } = {},
): HintContext {
  const vm = new VirtualMachine();
  vm.fp = 10;
  vm.ap = 20;
  const names = Object.keys(refs);
  const [refGroup, hintGroup] = opts.groups ?? [0, 0];
  const [refOff, hintOff] = opts.apOffsets ?? [0, 0];
  const references = names.map((n) => ({
    ap_tracking_data: { group: refGroup, offset: refOff },
    pc: 0,
    value: refs[n],
  }));
  const flow = {
    ap_tracking: { group: hintGroup, offset: hintOff },
    reference_ids: Object.fromEntries(names.map((n, i) => [`m.f.${n}`, i])),
  };
  const ids = new IdsResolver(opts.identifiers ?? U256, ['m', 'm.f'], flow, references);
  const s = scopes(vm);
  return { vm, ids: ids.bind(vm), scope: s[s.length - 1] };
}

describe('Cairo 0 reference expressions', () => {
  it('parses casts, dereferences, registers, sums and tuples', () => {
    expect(parseExpr('[cast(fp + (-3), felt*)]')).toEqual({
      k: 'deref',
      e: {
        k: 'cast',
        type: 'felt*',
        e: { k: 'bin', op: '+', a: { k: 'reg', r: 'fp' }, b: { k: 'neg', e: { k: 'int', v: 3n } } },
      },
    });
    expect(parseExpr('cast((1, 2, 3), a.b.BigInt3)')).toMatchObject({
      k: 'cast',
      type: 'a.b.BigInt3',
      e: { k: 'tuple', items: [{ v: 1n }, { v: 2n }, { v: 3n }] },
    });
    expect(parseExpr('[cast(ap, a.B**)]')).toMatchObject({ k: 'deref', e: { type: 'a.B**' } });
    expect(() => parseExpr('[fp + ')).toThrow();
  });
});

describe('Cairo 0 ids resolver', () => {
  it('reads and writes felts through fp- and ap-based references', () => {
    const c = context({ a: '[cast(fp + (-3), felt*)]', b: '[cast(ap + (-1), felt*)]' });
    c.vm.mem.set(1, 7, 42);
    c.vm.mem.set(1, 19, 5);
    expect(c.ids.felt('a')).toBe(42n);
    expect(c.ids.felt('b')).toBe(5n);
    c.ids.set('b', 5n); // same value: fine (write-once memory)
    expect(() => c.ids.set('b', 6n)).toThrow(/inconsistent/);
  });

  it('corrects ap by the ap-tracking offset between reference and hint', () => {
    // The reference was made when ap was 3 cells lower: [ap - 1] then is [ap - 4] now.
    const c = context({ x: '[cast(ap + (-1), felt*)]' }, { apOffsets: [2, 5] });
    c.vm.mem.set(1, 16, 9);
    expect(c.ids.felt('x')).toBe(9n);
  });

  it('refuses an ap-based reference from another ap-tracking group', () => {
    const c = context({ x: '[cast(ap + (-1), felt*)]' }, { groups: [1, 2] });
    c.vm.mem.set(1, 19, 1);
    expect(() => c.ids.get('x')).toThrow(/revoked/);
  });

  it('reads struct members in place and through a pointer, with .address_', () => {
    const c = context({
      a: '[cast(fp + (-4), m.Uint256*)]',
      p: '[cast(fp, m.Uint256**)]',
      v: 'cast((7, 8), m.Uint256)',
    });
    c.vm.mem.set(1, 6, 11);
    c.vm.mem.set(1, 7, 12);
    const seg = c.vm.mem.addSegment();
    c.vm.mem.set(1, 10, mkRel(seg, 0));
    c.vm.mem.set(seg, 1, 99);
    expect(c.ids.felt('a.low')).toBe(11n);
    expect(c.ids.felt('a.high')).toBe(12n);
    expect(c.ids.ptr('a.address_')).toBe(mkRel(1, 6));
    expect(c.ids.felt('p.high')).toBe(99n);
    expect(c.ids.ptr('p.address_')).toBe(mkRel(seg, 0));
    c.ids.set('p.low', 3n);
    expect(c.vm.mem.get(seg, 0)).toBe(3);
    expect(c.ids.felt('v.high')).toBe(8n);
  });

  it('finds constants and struct sizes from the accessible scopes (exact big integers)', () => {
    const c = context({});
    expect(c.ids.felt('SHIFT')).toBe(1n << 128n);
    expect(c.ids.felt('Uint256.SIZE')).toBe(2n);
    expect(c.ids.felt('Local.SIZE')).toBe(2n);
    expect(() => c.ids.get('NOPE')).toThrow(/unknown identifier/);
  });
});

describe('Cairo 0 hint registry', () => {
  it('matches code whatever the indentation and line breaks', () => {
    expect(findCairo0Hint("  vm_enter_scope({ 'n' :  ids.len })")).toBeUndefined(); // not whitespace
    expect(findCairo0Hint('n -= 1\n   ids.continue_loop = 1 if n > 0 else 0\n')).toBeDefined();
    expect(CAIRO0_HINTS.size).toBeGreaterThan(80);
  });

  const FIX = resolve(__dirname, '../../../../shared/fixtures/cairo0');
  it.skipIf(!existsSync(FIX))('knows every hint of the fixture programs', () => {
    const unknown = new Set<string>();
    for (const d of ['programs', 'benchmarks'])
      for (const f of readdirSync(join(FIX, d)).filter((x) => x.endsWith('.json'))) {
        const p = parseCairo0(readFileSync(join(FIX, d, f), 'utf8'));
        for (const hs of Object.values(p.hints))
          for (const h of hs) if (!findCairo0Hint(h.code)) unknown.add(h.code.slice(0, 60));
      }
    expect([...unknown]).toEqual([]);
  });
});

describe('Cairo 0 math hints', () => {
  it('assert_le_felt excludes the longest arc and writes the two others as limbs', () => {
    const c = context({
      a: '[cast(fp + (-5), felt*)]',
      b: '[cast(fp + (-4), felt*)]',
      range_check_ptr: '[cast(fp + (-3), felt*)]',
      PRIME_OVER_3_HIGH: 'cast(3, felt)',
      PRIME_OVER_2_HIGH: 'cast(2, felt)',
    });
    const rc = c.vm.mem.addSegment();
    c.vm.mem.set(1, 5, 10);
    c.vm.mem.set(1, 6, 20);
    c.vm.mem.set(1, 7, mkRel(rc, 0));
    assertLeFelt(c);
    // arcs: a = 10, b − a = 10, P − 1 − b (longest, index 2)
    expect(c.scope.get('excluded')).toBe(2);
    expect([0, 1, 2, 3].map((i) => c.vm.mem.get(rc, i))).toEqual([1, 3, 0, 5]);
  });

  it('unsigned_div_rem and signed_div_rem follow Python divmod (floor)', () => {
    const c = context({
      value: '[cast(fp + (-5), felt*)]',
      div: 'cast(7, felt)',
      bound: 'cast(100, felt)',
      q: '[cast(fp, felt*)]',
      r: '[cast(fp + 1, felt*)]',
      biased_q: '[cast(fp + 2, felt*)]',
    });
    c.vm.mem.set(1, 5, P - 20n); // −20
    signedDivRem(c);
    expect(c.vm.mem.get(1, 11)).toBe(1); // −20 = 7·(−3) + 1
    expect(c.vm.mem.get(1, 12)).toBe(97); // −3 + 100
    const d = context({
      value: 'cast(20, felt)',
      div: 'cast(7, felt)',
      q: '[cast(fp, felt*)]',
      r: '[cast(fp + 1, felt*)]',
    });
    unsignedDivRem(d);
    expect([d.vm.mem.get(1, 10), d.vm.mem.get(1, 11)]).toEqual([2, 6]);
  });

  it('uint256 mul_div_mod splits a 512-bit quotient into two Uint256', () => {
    const names = ['a', 'b', 'div', 'quotient_low', 'quotient_high', 'remainder'];
    const refs = Object.fromEntries(names.map((n, i) => [n, `[cast(fp + ${2 * i}, m.Uint256*)]`]));
    const c = context(refs);
    const max = (1n << 128n) - 1n;
    [max, max, max, max, 3n, 0n].forEach((v, i) => c.vm.mem.set(1, 10 + i, v as bigint));
    uint256MulDivMod(c);
    const a = (1n << 256n) - 1n;
    const q = (a * a) / 3n;
    const read = (i: number) => BigInt(c.vm.mem.get(1, 10 + i)!);
    expect(read(6) + (read(7) << 128n) + (read(8) << 256n) + (read(9) << 384n)).toBe(q);
    expect(read(10) + (read(11) << 128n)).toBe((a * a) % 3n);
  });
});

describe('Cairo 0 crypto hints', () => {
  it('secp split gives three 86-bit limbs and rejects what does not fit', () => {
    const v = (5n * BASE + 7n) * BASE + 9n;
    expect(split(v)).toEqual([9n, 7n, 5n]);
    expect(() => split(BASE ** 3n)).toThrow();
  });

  it('random_ec_point is deterministic and on the Stark curve', () => {
    const [x, y] = randomEcPoint(new Uint8Array([1, 2, 3]));
    expect(randomEcPoint(new Uint8Array([1, 2, 3]))).toEqual([x, y]);
    expect((y * y) % P).toBe((((x * x) % P) * x + x + BETA) % P);
  });

  it('keccak_func is keccak-f[1600]: the zero state gives the known first lane', () => {
    expect(keccakFunc(new Array(25).fill(0n))[0]).toBe(0xf1258f7940e1dde7n);
  });

  it('blake2s compress reproduces blake2s("abc") for a one-block message', () => {
    const iv = [
      0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
      0x5be0cd19,
    ];
    const h = [iv[0] ^ 0x01010020, ...iv.slice(1)];
    const msg = new Array(16).fill(0);
    msg[0] = 0x00636261; // "abc", little-endian
    const out = blake2sCompress(h, msg, 3, 0, 0xffffffff, 0);
    const bytes = new Uint8Array(new Uint32Array(out).buffer);
    expect(Buffer.from(bytes).toString('hex')).toBe(
      Buffer.from(blake2s(new TextEncoder().encode('abc'))).toString('hex'),
    );
  });

  it('unsafe_keccak hashes 16-byte big-endian words', () => {
    const c = context({
      data: '[cast(fp, felt**)]',
      length: 'cast(20, felt)',
      high: '[cast(fp + 1, felt*)]',
      low: '[cast(fp + 2, felt*)]',
    });
    const seg = c.vm.mem.addSegment();
    c.vm.mem.set(1, 10, mkRel(seg, 0));
    c.vm.mem.set(seg, 0, 0x000102030405060708090a0b0c0d0e0fn);
    c.vm.mem.set(seg, 1, 0x10111213);
    unsafeKeccak(c);
    const h = keccak_256(Uint8Array.from({ length: 20 }, (_, i) => i));
    const hex = BigInt('0x' + Buffer.from(h).toString('hex'));
    expect(BigInt(c.vm.mem.get(1, 11)!)).toBe(hex >> 128n);
    expect(BigInt(c.vm.mem.get(1, 12)!)).toBe(hex & ((1n << 128n) - 1n));
  });
});

describe('Cairo 0 usort', () => {
  it('sorts distinct values with multiplicities into new segments', () => {
    const c = context({
      input: '[cast(fp, felt**)]',
      input_len: 'cast(5, felt)',
      output_len: '[cast(fp + 1, felt*)]',
      output: '[cast(fp + 2, felt**)]',
      multiplicities: '[cast(fp + 3, felt**)]',
    });
    const seg = c.vm.mem.addSegment();
    c.vm.mem.set(1, 10, mkRel(seg, 0));
    [5, 1, 5, 3, 1].forEach((v, i) => c.vm.mem.set(seg, i, v));
    c.scope.set('__usort_max_size', null);
    usortBody(c);
    expect(c.vm.mem.get(1, 11)).toBe(3);
    const out = c.ids.ptr('output');
    const mul = c.ids.ptr('multiplicities');
    const read = (p: number) => [0, 1, 2].map((i) => c.vm.mem.getAt(p - i));
    expect(read(out)).toEqual([1, 3, 5]);
    expect(read(mul)).toEqual([2, 1, 2]);
  });
});

describe('parseJsonExact', () => {
  it('keeps integers beyond 2^53 exact and leaves strings alone', () => {
    const v = parseJsonExact(
      '{"a": 340282366920938463463374607431768211456, "b": 12, "c": "x: 123456789012345678901,", "d": [-99999999999999999999]}',
    ) as Record<string, unknown>;
    expect(v).toEqual({
      a: '340282366920938463463374607431768211456',
      b: 12,
      c: 'x: 123456789012345678901,',
      d: ['-99999999999999999999'],
    });
  });
});

describe('Cairo 0 sha256 and secp256r1 hints', () => {
  it('the SHA-256 block compression gives sha256("abc") on its padded block', () => {
    const block = new Uint8Array(64);
    block.set([0x61, 0x62, 0x63, 0x80]);
    block[63] = 24; // message length in bits
    const words = compressBlock(block);
    const hex = words.map((w) => w.toString(16).padStart(8, '0')).join('');
    expect(hex).toBe(Buffer.from(sha256(new TextEncoder().encode('abc'))).toString('hex'));
  });

  it('secp256r1 doubling hints (slope, new x, new y) give 2·G of P-256', () => {
    const names = { point: '[cast(fp, m.P*)]', slope: '[cast(fp + 6, m.B*)]' };
    const b3 = { d0: 0, d1: 1, d2: 2 };
    const ids: Identifiers = {
      'm.B': {
        type: 'struct',
        size: 3,
        members: Object.fromEntries(
          Object.entries(b3).map(([k, o]) => [k, { cairo_type: 'felt', offset: o }]),
        ),
      },
      'm.P': {
        type: 'struct',
        size: 6,
        members: { x: { cairo_type: 'm.B', offset: 0 }, y: { cairo_type: 'm.B', offset: 3 } },
      },
    };
    const c = context(names, { identifiers: ids });
    const g = p256.Point.BASE;
    const limbs = (v: bigint) => split(v);
    [...limbs(g.x), ...limbs(g.y)].forEach((v, i) => c.vm.mem.set(1, 10 + i, v));
    r1DoubleSlope(c);
    const slope = c.scope.get('slope') as bigint;
    limbs(slope).forEach((v, i) => c.vm.mem.set(1, 16 + i, v));
    r1DoubleNewX(c);
    r1DoubleNewY(c);
    const two = g.double();
    expect(c.scope.get('new_x')).toBe(two.x);
    expect(c.scope.get('new_y')).toBe(two.y);
  });
});

describe('Cairo 0 programs with hints', () => {
  /** `[ap] = 5, ap++; ret` with one hint at pc 0. */
  const program = (code: string) =>
    parseCairo0(
      JSON.stringify({
        data: ['0x480680017fff8000', '0x5', '0x208b7fff7fff7ffe'],
        builtins: [],
        hints: {
          '0': [
            {
              code,
              accessible_scopes: ['__main__', '__main__.main'],
              flow_tracking_data: { ap_tracking: { group: 0, offset: 0 }, reference_ids: {} },
            },
          ],
        },
        identifiers: { '__main__.main': { type: 'function', pc: 0 } },
        reference_manager: { references: [] },
      }),
    );

  it('runs a known hint and fails on an unknown one with its code', () => {
    expect(runCairo0(program('import math\n')).steps).toBe(2);
    expect(() => runCairo0(program('print("hello")'))).toThrow(
      /UnknownHint|unsupported Python hint: "print\(\\"hello\\"\)"/,
    );
  });

  it('fails at the end when a scope was entered and not exited (as cairo-lang end_run)', () => {
    expect(() => runCairo0(program('vm_enter_scope()'))).toThrow(/exit_scope/);
  });

  it('a hint error names the hint and the pc', () => {
    expect(() => runCairo0(program('vm_exit_scope()'))).toThrow(/vm_exit_scope\(\).*main scope/);
  });
});

describe('Cairo 0 keccak lanes', () => {
  it('simulate_keccak lanes + keccak_func agree with the keccak builtin on 200-bit felts', () => {
    const names = {
      keccak_builtin_state: '[cast(fp, m.S*)]',
      felt_array: '[cast(fp + 8, felt**)]',
    };
    const members = Object.fromEntries(
      Array.from({ length: 8 }, (_, i) => [`s${i}`, { cairo_type: 'felt', offset: i }]),
    );
    const c = context(names, { identifiers: { 'm.S': { type: 'struct', size: 8, members } } });
    const state = Array.from(
      { length: 8 },
      (_, i) => (BigInt(i + 1) * 0x9e3779b97f4a7c15n) ** 3n % (1n << 200n),
    );
    state.forEach((v, i) => c.vm.mem.set(1, 10 + i, v));
    const seg = c.vm.mem.addSegment();
    c.vm.mem.set(1, 18, mkRel(seg, 0));
    builtinStateToLanes(c);
    const lanes = Array.from({ length: 25 }, (_, i) => BigInt(c.vm.mem.get(seg, i)!));
    let full = 0n;
    keccakFunc(lanes).forEach((l, i) => (full |= l << BigInt(64 * i)));
    const out = Array.from(
      { length: 8 },
      (_, i) => (full >> BigInt(200 * i)) & ((1n << 200n) - 1n),
    );
    expect(out).toEqual(keccakF1600(state));
  });
});
