import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hash } from 'starknet';
import { blakeHashArray, compiledClassHash } from './casm-hash';
import { FIXTURES } from './scenarios';

describe('compiled class hash (scenario declares)', () => {
  it("Blake felt hashing matches starknet-types-core's vectors", () => {
    expect(blakeHashArray([0n]).toString(16)).toBe(
      '5768af071a2f8df7c9df9dc4ca0e7a1c5908d5eff88af963c3264f412dbdf43',
    );
    expect(blakeHashArray([1n, 2n]).toString(16)).toBe(
      '5534c03a14b214436366f30e9c77b6e56c8835de7dc5aee36957d4384cce66d',
    );
    expect(blakeHashArray([]).toString()).toBe(
      '874258848688468311465623299960361657518391155660316941922502367727700287818',
    );
    expect(blakeHashArray([42n, 1n << 63n, 1337n]).toString()).toBe(
      '1127477916086913892828040583976438888091205536601278656613505514972451246501',
    );
  });

  const file = join(
    FIXTURES,
    'casm/cairo-lang/hello_starknet__hello_starknet.compiled_contract_class.json',
  );
  it.skipIf(!existsSync(file))(
    "the v1 layout equals starknet.js's Poseidon compiled class hash",
    () => {
      const casm = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      expect(compiledClassHash(casm, 1)).toBe(hash.computeCompiledClassHash(casm as never));
    },
  );
});
