import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCairo0, runCairo0 } from '../../../engine/vm/cairo0';
import { traceToBytes, readMemory, memoryToBytes, relocateMemory } from '../../../engine/vm/trace';

const FIX = resolve(__dirname, '../../../../shared/fixtures');
const has = existsSync(FIX);
if (!has) console.warn(`[vm conformance] ${FIX} not found: skipping fixture tests`);

/** Benchmarks of millions of steps: run by `npm run bench`, not here. */
const LONG_BENCHMARKS = [
  'big_factorial.json',
  'big_fibonacci.json',
  'integration_builtins.json',
  'pedersen.json',
  'linear_search.json',
  'poseidon_integration_benchmark.json',
  'compare_arrays_200000.json',
];

const TRACES: [string, string][] = [
  ['fibonacci', 'fibonacci'],
  ['factorial', 'factorial'],
  ['bitwise_builtin_test', 'bitwise_builtin_test'],
  ['keccak', 'keccak_builtin'],
  ['field_arithmetic', 'field_arithmetic'],
];

describe.skipIf(!has)('Cairo 0 conformance (../shared/fixtures)', () => {
  for (const [trace, prog] of TRACES) {
    it(`${prog}: relocated trace equals expected_${trace}.trace byte for byte`, () => {
      const p = parseCairo0(readFileSync(join(FIX, 'cairo0/programs', prog + '.json'), 'utf8'));
      const expected = readFileSync(join(FIX, 'cairo0/traces', `expected_${trace}.trace`));
      const r = runCairo0(p, { trace: true });
      const bytes = traceToBytes(r.trace!);
      expect(bytes.length).toBe(expected.length);
      expect(Buffer.from(bytes).equals(expected)).toBe(true);
    });
  }

  it('every Cairo 0 program runs to completion, hints included', () => {
    const dirs = ['cairo0/programs', 'cairo0/benchmarks'];
    let ran = 0;
    const failures: string[] = [];
    for (const d of dirs)
      for (const f of readdirSync(join(FIX, d))) {
        if (!f.endsWith('.json') || (d.endsWith('benchmarks') && LONG_BENCHMARKS.includes(f)))
          continue;
        const p = parseCairo0(readFileSync(join(FIX, d, f), 'utf8'));
        try {
          runCairo0(p, { stepLimit: 5_000_000 });
          ran++;
        } catch (e) {
          failures.push(`${f}: ${(e as Error).message}`);
        }
      }
    // A hand-written parser fixture: its alloc hint writes a pointer at [ap], which the first
    // instruction then asserts to be 1000. cairo-run fails the same way.
    expect(failures).toEqual([
      'manually_compiled__valid_program_a.json: assert_eq failed: 4:0 != 1000 (pc=0: [ap + 0] = 1000, ap++)',
    ]);
    expect(ran).toBeGreaterThan(60);
  });

  it('memory file round-trips byte for byte', () => {
    const bytes = readFileSync(join(FIX, 'cairo0/memory/cairo_memory_struct.memory'));
    const m = readMemory(bytes);
    expect(m.addrs).toEqual([1, 2, 3]);
    expect(m.values).toEqual([0x208b7fff7fff7ffen, 4n, 4n]);
    expect(Buffer.from(memoryToBytes(m)).equals(bytes)).toBe(true);
  });

  it('relocated memory of fibonacci has the program at address 1', () => {
    const p = parseCairo0(readFileSync(join(FIX, 'cairo0/programs/fibonacci.json'), 'utf8'));
    const r = runCairo0(p);
    const m = relocateMemory(r.vm.mem);
    expect(m.addrs[0]).toBe(1);
    expect(m.values[0]).toBe(BigInt(p.data[0]));
  });
});
