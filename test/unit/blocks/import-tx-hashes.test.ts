/**
 * importBlock's transaction-hash check (engine/blocks/import hash-check.ts): the real Sepolia-
 * integration blocks and mainnet genesis verify in full (the pre-v3 mainnet blocks are in
 * import-tx-hashes-mainnet.test.ts); a changed hashed field, a wrong chain id, a made-up block
 * fail with TX_HASH_MISMATCH; what cannot be checked is listed with its reason.
 */
import { describe, expect, it } from 'vitest';
import {
  ImportError,
  importBlock,
  makeBundle,
  summarizeHashCheck,
} from '../../../engine/blocks/import';
import { haveShared, local, shared } from './helpers';
import { MAINNET_GENESIS, SEPOLIA_INTEGRATION, expectAllChecked, hexOf } from './tx-hash-fixtures';

type Tx = Record<string, unknown>;
const SEPOLIA_INT = hexOf('SN_INTEGRATION_SEPOLIA');

/** A fixture block parsed, and its transactions (a state_update_with_block holds them in .block). */
function load(file: string): { doc: Tx; txs: Tx[] } {
  const doc = JSON.parse(shared(`pathfinder-feeder/${file}`)) as Tx;
  return { doc, txs: ((doc.block ?? doc) as Tx).transactions as Tx[] };
}

function importError(f: () => unknown): ImportError {
  try {
    f();
  } catch (e) {
    if (e instanceof ImportError) return e;
    throw e;
  }
  throw new Error('expected an ImportError');
}

describe.skipIf(!haveShared)('real blocks verify in full', () => {
  for (const fx of [...SEPOLIA_INTEGRATION, MAINNET_GENESIS])
    it(`${fx.file} (${fx.chainId})`, () => {
      const c = expectAllChecked(importBlock(shared(`pathfinder-feeder/${fx.file}`)), fx);
      if (fx === MAINNET_GENESIS)
        expect(c.rules).toEqual({ 'DEPLOY, legacy': 5, 'INVOKE v0, legacy': 13 });
    });

  it('the hand-modified 0.14.3 block: its transaction with proof_facts is not checked, and says why', () => {
    const b = importBlock(
      shared('pathfinder-feeder/0.14.3/state_update/sepolia_integration_fake.json'),
    );
    expect(b.hashCheck).toEqual({
      chainId: SEPOLIA_INT,
      chainIdSource: 'detected',
      checked: 200,
      notChecked: [
        {
          index: 0,
          reason:
            'it carries proof_facts (SNIP-36, Starknet 0.14.2+), which newer Starknet versions ' +
            'hash too; starknet.js 7.1 has no rule for them',
        },
      ],
      rules: { 'INVOKE v3': 200 },
    });
    expect(summarizeHashCheck(b.hashCheck!)).toEqual({
      status: 'partly',
      text:
        'transaction hashes: 200 of 201 verified on SN_INTEGRATION_SEPOLIA (detected); 1 not ' +
        'checked (#0: it carries proof_facts (SNIP-36, Starknet 0.14.2+), which newer Starknet ' +
        'versions hash too; starknet.js 7.1 has no rule for them)',
    });
  });
});

/** The block with transaction `i`'s `path` changed by `edit`. */
function edited(file: string, i: number, edit: (tx: Tx) => void): Tx {
  const { doc, txs } = load(file);
  edit(txs[i]);
  return doc;
}

const bump = (v: unknown) => '0x' + (BigInt(String(v)) + 1n).toString(16);

describe.skipIf(!haveShared)(
  'a changed hashed field is a TX_HASH_MISMATCH naming the transaction',
  () => {
    const B9703 = SEPOLIA_INTEGRATION[0].file; // 4 INVOKE v3, no L1 data gas bound
    const B63881 = SEPOLIA_INTEGRATION[3].file; // INVOKE v1, v3, v1, v1
    const B35748 = SEPOLIA_INTEGRATION[2].file; // 2 DECLARE v2
    const B3077642 = SEPOLIA_INTEGRATION[5].file; // 201 INVOKE v3 with an L1 data gas bound
    const cases: {
      what: string;
      file: string;
      i: number;
      edit: (tx: Tx) => void;
      prefix: string;
    }[] = [
      {
        what: 'one calldata felt (INVOKE v1)',
        file: B63881,
        i: 2,
        edit: (t) => ((t.calldata as string[])[1] = bump((t.calldata as string[])[1])),
        prefix: 'transactions[2]',
      },
      {
        what: 'the nonce (INVOKE v3)',
        file: B9703,
        i: 1,
        edit: (t) => (t.nonce = bump(t.nonce)),
        prefix: 'block.transactions[1]',
      },
      {
        what: 'the tip (INVOKE v3)',
        file: B9703,
        i: 3,
        edit: (t) => (t.tip = '0x1'),
        prefix: 'block.transactions[3]',
      },
      {
        what: 'an L1 gas bound (INVOKE v3)',
        file: B9703,
        i: 2,
        edit: (t) => {
          const b = (t.resource_bounds as Record<string, Tx>).L1_GAS;
          b.max_amount = bump(b.max_amount);
        },
        prefix: 'block.transactions[2]',
      },
      {
        what: 'the L1 data gas bound (INVOKE v3, Starknet 0.14.1)',
        file: B3077642,
        i: 7,
        edit: (t) => {
          const b = (t.resource_bounds as Record<string, Tx>).L1_DATA_GAS;
          b.max_price_per_unit = bump(b.max_price_per_unit);
        },
        prefix: 'block.transactions[7]',
      },
      {
        what: 'the compiled class hash (DECLARE v2)',
        file: B35748,
        i: 1,
        edit: (t) => (t.compiled_class_hash = bump(t.compiled_class_hash)),
        prefix: 'transactions[1]',
      },
      {
        what: 'a constructor argument (DEPLOY, mainnet genesis)',
        file: MAINNET_GENESIS.file,
        i: 1,
        edit: (t) =>
          ((t.constructor_calldata as string[])[0] = bump((t.constructor_calldata as string[])[0])),
        prefix: 'transactions[1]',
      },
    ];
    for (const c of cases)
      it(c.what, () => {
        const { txs } = load(c.file);
        const h = '0x' + BigInt(String(txs[c.i].transaction_hash)).toString(16);
        const e = importError(() => importBlock(edited(c.file, c.i, c.edit)));
        expect(e.code).toBe('TX_HASH_MISMATCH');
        expect(e.path).toBe(`${c.prefix}.transaction_hash`);
        expect(e.txIndex).toBe(c.i);
        expect(e.txHash).toBe(h);
        expect(e.message).toMatch(
          new RegExp(
            `^${c.prefix.replace(/[.[\]]/g, '\\$&')}\\.transaction_hash: hash mismatch: the block gives ${h}, but the fields of this \\w+ v\\d hash to 0x[0-9a-f]+ on \\S+ \\(0x[0-9a-f]+\\) \\(chain id detected: transaction #\\d+ verifies on it\\); rules tried: .+ \\(transaction #${c.i} ${h}\\)$`,
          ),
        );
      });

    it('the first transaction changed: the chain id comes from the next one', () => {
      const e = importError(() => importBlock(edited(B9703, 0, (t) => (t.nonce = bump(t.nonce)))));
      expect(e.message).toMatch(
        /on SN_INTEGRATION_SEPOLIA \(0x[0-9a-f]+\) \(chain id detected: transaction #1 verifies on it\)/,
      );
    });

    it('the signature is not hashed (it signs the hash): changing it changes nothing', () => {
      const b = importBlock(edited(B9703, 0, (t) => ((t.signature as string[])[0] = '0x1')));
      expect(b.hashCheck?.checked).toBe(4);
    });

    it('an unreadable hashed field is WRONG_TYPE at its path', () => {
      const e = importError(() => importBlock(edited(B9703, 2, (t) => (t.tip = '0xzz'))));
      expect(e.code).toBe('WRONG_TYPE');
      expect(e.path).toBe('block.transactions[2].tip');
      expect(e.message).toMatch(/expected a felt, got "0xzz" \(the INVOKE v3 hash covers it\)/);
    });

    it('a missing hashed field: that transaction is not checked, the others are', () => {
      const b = importBlock(edited(B9703, 1, (t) => delete t.nonce_data_availability_mode));
      expect(b.hashCheck).toMatchObject({
        checked: 3,
        notChecked: [
          {
            index: 1,
            reason:
              'the transaction has no "nonce_data_availability_mode", which the INVOKE v3 hash needs',
          },
        ],
      });
    });
  },
);

describe.skipIf(!haveShared)('the chain id', () => {
  const file = SEPOLIA_INTEGRATION[0].file;
  it('given as a name or in hex, it is used (source "given")', () => {
    for (const chainId of ['SN_INTEGRATION_SEPOLIA', SEPOLIA_INT]) {
      const b = importBlock(shared(`pathfinder-feeder/${file}`), { chainId });
      expect(b.hashCheck).toMatchObject({
        chainId: SEPOLIA_INT,
        chainIdSource: 'given',
        checked: 4,
      });
    }
  });

  it('a wrong explicit chain id fails on the first transaction', () => {
    const e = importError(() =>
      importBlock(shared(`pathfinder-feeder/${file}`), { chainId: 'SN_MAIN' }),
    );
    expect(e.code).toBe('TX_HASH_MISMATCH');
    expect(e.txIndex).toBe(0);
    expect(e.message).toMatch(
      /on SN_MAIN \(0x534e5f4d41494e\) \(chain id given\); rules tried: INVOKE v3 \(transaction #0 /,
    );
  });

  it("a bundle's chain id is used, and named when wrong", () => {
    const doc = JSON.parse(shared(`pathfinder-feeder/${file}`));
    expect(importBlock(makeBundle([doc], { chainId: SEPOLIA_INT })).hashCheck?.chainIdSource).toBe(
      'given',
    );
    const e = importError(() => importBlock(makeBundle([doc], { chainId: hexOf('SN_SEPOLIA') })));
    expect(e.message).toMatch(
      /on SN_SEPOLIA \(0x534e5f5345504f4c4941\) \(chain id given by the bundle \(chainId\)\)/,
    );
  });

  it('an option that is no chain id is WRONG_TYPE', () => {
    const e = importError(() =>
      importBlock(shared(`pathfinder-feeder/${file}`), {
        chainId: 'a chain id far longer than 31 chars',
      }),
    );
    expect(e.code).toBe('WRONG_TYPE');
    expect(e.message).toMatch(/expected a chain id/);
  });
});

describe('blocks that cannot be checked', () => {
  it('made-up hashes: no known chain verifies them; verifyTxHashes: false imports them unchecked', () => {
    const e = importError(() => importBlock(local('feeder-block-minimal.json')));
    expect(e.code).toBe('TX_HASH_MISMATCH');
    expect(e.path).toBe('transactions[0].transaction_hash');
    expect(e.message).toMatch(
      /^transactions\[0\]\.transaction_hash: hash mismatch: the block gives 0x71, but the fields of this INVOKE v1 hash to 0x[0-9a-f]+ on SN_MAIN, 0x[0-9a-f]+ on SN_SEPOLIA, 0x[0-9a-f]+ on SN_INTEGRATION_SEPOLIA, 0x[0-9a-f]+ on SN_GOERLI, and none of the first 2 checkable transactions verifies on any of these chains\. A block of another chain needs its chain id given; a made-up one can be imported without the hash check \(/,
    );
    expect(e.message).not.toMatch(/verifyTxHashes|ImportOptions/);
    const b = importBlock(local('feeder-block-minimal.json'), { verifyTxHashes: false });
    expect(b.hashCheck).toEqual({
      checked: 0,
      notChecked: [0, 1].map((index) => ({
        index,
        reason: 'the check was turned off on request',
      })),
      rules: {},
      turnedOff: true,
    });
    expect(summarizeHashCheck(b.hashCheck!)).toEqual({
      status: 'off',
      text: 'transaction hashes: not checked (turned off on request)',
    });
  });

  it('traces alone carry no transaction fields', () => {
    const b = importBlock(local('rpc-traces-initial-reads.json'));
    expect(b.hashCheck?.checked).toBe(0);
    expect(b.hashCheck?.chainId).toBeUndefined();
    expect(b.hashCheck?.notChecked).toEqual(
      b.transactions.map((_, index) => ({
        index,
        reason: 'the source has no transaction fields (traces only)',
      })),
    );
    const n = b.transactions.length;
    expect(summarizeHashCheck(b.hashCheck!)).toEqual({
      status: 'unchecked',
      text: `transaction hashes: none of ${n} checked (#0: the source has no transaction fields (traces only); …)`,
    });
  });
});
