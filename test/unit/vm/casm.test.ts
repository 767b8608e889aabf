import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { keccak, pedersen } from '@scure/starknet';
import {
  loadCasmClass,
  runEntryPoint,
  decodeShortString,
  encodeShortString,
  disassemble,
  assemble,
  type SyscallHandler,
  type SyscallMemory,
  Relocatable,
} from '../../../engine/vm/index';

const FIX = resolve(__dirname, '../../../../shared/fixtures');
const has = existsSync(FIX);
if (!has) console.warn(`[vm conformance] ${FIX} not found: skipping CASM fixture tests`);
const sk = (s: string) => keccak(new TextEncoder().encode(s));

/** Minimal stub of the Starknet syscalls the ERC20 needs (the real handler lives in engine/starknet). */
function stubHandler(
  storage: Map<bigint, bigint>,
  caller: bigint,
  events: bigint[][],
): SyscallHandler {
  return {
    execute(m: SyscallMemory, p: Relocatable) {
      const sel = decodeShortString(m.readFelt(p));
      const gas = m.readFelt(p.add(1));
      switch (sel) {
        case 'StorageRead': {
          const key = m.readFelt(p.add(3));
          m.writeMany(p.add(4), [gas - 100n, 0n, storage.get(key) ?? 0n]);
          return;
        }
        case 'StorageWrite': {
          storage.set(m.readFelt(p.add(3)), m.readFelt(p.add(4)));
          m.writeMany(p.add(5), [gas - 100n, 0n]);
          return;
        }
        case 'EmitEvent': {
          const keys = m.readFelts(m.readRel(p.add(2)), m.readRel(p.add(3)));
          const data = m.readFelts(m.readRel(p.add(4)), m.readRel(p.add(5)));
          events.push([...keys, ...data]);
          m.writeMany(p.add(6), [gas - 100n, 0n]);
          return;
        }
        case 'GetExecutionInfo': {
          // ExecutionInfo { block_info*, tx_info*, caller_address, contract_address, entry_point_selector }
          const block = m.writeArray([1n, 2n, 3n]).start;
          const tx = m.writeArray(Array(20).fill(0n)).start;
          const info = m.writeArray([block, tx, caller, 0x1234n, 0n]).start;
          m.writeMany(p.add(2), [gas - 100n, 0n, info]);
          return;
        }
      }
      throw new Error(`unsupported syscall ${sel}`);
    },
  };
}

describe.skipIf(!has)('Cairo 1 conformance: ERC20 class', () => {
  const cls = has
    ? loadCasmClass(
        readFileSync(
          join(FIX, 'casm/cairo-lang/erc20__erc_20.compiled_contract_class.json'),
          'utf8',
        ),
      )
    : null!;
  const storage = new Map<bigint, bigint>();
  const alice = 0xa11cen;
  const bob = 0xb0bn;
  const balKey = (a: bigint) => BigInt(pedersen(sk('balances'), a));
  storage.set(sk('name'), encodeShortString('MyToken'));
  storage.set(sk('symbol'), encodeShortString('MTK'));
  storage.set(sk('decimals'), 18n);
  storage.set(sk('total_supply'), 1000n);
  storage.set(balKey(alice), 1000n);
  const events: bigint[][] = [];
  const handler = stubHandler(storage, alice, events);
  const call = (name: string, calldata: bigint[] = []) =>
    runEntryPoint(cls, { selector: sk(name), calldata, syscallHandler: handler, trace: true });

  it('views: get_name, get_symbol, get_decimals, get_total_supply', () => {
    expect(call('get_name').retdata).toEqual([encodeShortString('MyToken')]);
    expect(call('get_symbol').retdata).toEqual([encodeShortString('MTK')]);
    const d = call('get_decimals');
    expect(d.retdata).toEqual([18n]);
    expect(d.panicked).toBe(false);
    expect(d.steps).toBeGreaterThan(0);
    expect(d.gasConsumed).toBeGreaterThan(0n);
    expect(call('get_total_supply').retdata).toEqual([1000n, 0n]);
  });

  it('balance_of reads the pedersen-keyed storage map', () => {
    const r = call('balance_of', [alice]);
    expect(r.retdata).toEqual([1000n, 0n]);
    expect(r.builtinUsage.pedersen).toBeGreaterThan(0);
    expect(call('balance_of', [bob]).retdata).toEqual([0n, 0n]);
  });

  it('transfer moves tokens and emits a Transfer event', () => {
    const r = call('transfer', [bob, 300n, 0n]);
    expect(r.panicked).toBe(false);
    expect(call('balance_of', [alice]).retdata).toEqual([700n, 0n]);
    expect(call('balance_of', [bob]).retdata).toEqual([300n, 0n]);
    expect(events.length).toBe(1);
    expect(events[0]).toContain(sk('Transfer'));
    // executed pcs can be disassembled for the UI
    const lines = new Map(
      disassemble(cls.raw.bytecode.map((x) => BigInt(x))).map((l) => [l.pc, l.text]),
    );
    expect(lines.get(r.executedPcs![0])).toBeDefined();
  });

  it('transfer of more than the balance panics with a message', () => {
    const r = call('transfer', [bob, 10_000n, 0n]);
    expect(r.panicked).toBe(true);
    expect(r.retdata.map(decodeShortString).join(' ')).toMatch(/u256_sub Overflow/);
  });

  it('wrong calldata length panics', () => {
    const r = call('balance_of', []);
    expect(r.panicked).toBe(true);
    expect(decodeShortString(r.retdata[0])).toMatch(/Failed to deserialize/);
  });

  it('bytecode round-trips through disassembler and assembler', () => {
    const code = cls.raw.bytecode.map((x) => BigInt(x));
    const text = disassemble(code)
      .map((l) => l.text + ';')
      .join('\n');
    expect(assemble(text).bytecode).toEqual(code);
  });
});

describe.skipIf(!has)('Cairo 1 conformance: all shared CASM classes load', () => {
  it('loads every class and disassembles its bytecode', () => {
    const dirs = ['casm/cairo-lang', 'casm/starknet-js'];
    let n = 0;
    const walk = (d: string): string[] =>
      readdirSync(d, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)],
      );
    for (const d of dirs)
      for (const f of walk(join(FIX, d))) {
        if (!/compiled_contract_class\.json$|\.casm$/.test(f)) continue;
        const c = loadCasmClass(readFileSync(f, 'utf8'));
        expect(c.bytecode.length).toBeGreaterThan(0);
        disassemble(c.raw.bytecode.map((x) => BigInt(x)));
        n++;
      }
    expect(n).toBeGreaterThan(25);
  });
});

describe.skipIf(!has)('Cairo 1 conformance: coverage classes', () => {
  for (const f of ['libfuncs_coverage__libfuncs_coverage', 'circuit_contract__circuit_contract']) {
    it(`${f}: external entry point runs with all its builtins`, () => {
      const cls = loadCasmClass(
        readFileSync(join(FIX, `casm/cairo-lang/${f}.compiled_contract_class.json`), 'utf8'),
      );
      const ep = cls.entryPoints.EXTERNAL[0];
      const r = runEntryPoint(cls, { entryPoint: ep, calldata: [] });
      expect(r.panicked).toBe(false);
      expect(r.steps).toBeGreaterThan(50);
    });
  }
});
