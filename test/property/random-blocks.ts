/**
 * Random synthetic blocks for the property tests, built to reach the corners of the engine:
 * transfers to and from the sequencer (the fee cell itself read and written by transactions),
 * same-value rewrites (0-amount and self transfers), blind writes (a write with no read),
 * dynamic read sets (`copy`: which cell is read depends on a value read) and reverts (balances
 * too low), with or without a sequencer fee.
 */
import fc from 'fast-check';
import {
  SyntheticBlock,
  balanceCell,
  type SyntheticBlockSpec,
  type SyntheticTx,
} from '../../engine/blocks/workloads/synthetic';

export const TOKEN = 0x70n;
export const FEE_TOKEN = 0xfeen;
export const SEQUENCER = 0x5e9n;
const ACCOUNT0 = 0x100n;

export interface BlockShape {
  accounts: number;
  txs: SyntheticTx[];
  balances: number[];
  fee: number;
}

/** Does a transaction write the sequencer's fee-token balance in its own code? */
export function writesSequencerBalance(spec: SyntheticBlockSpec): boolean {
  const fee = spec.fee;
  if (!fee) return false;
  return spec.txs.some(
    (t) =>
      t.sender === fee.sequencer ||
      (t.kind === 'transfer' && t.token === fee.token && t.to === fee.sequencer) ||
      (t.kind === 'blind' && t.token === fee.token && t.owner === fee.sequencer) ||
      (t.kind === 'copy' && t.token === fee.token && t.sender === fee.sequencer),
  );
}

function txArb(accounts: number): fc.Arbitrary<SyntheticTx> {
  // index `accounts` is the sequencer
  const who = fc
    .integer({ min: 0, max: accounts })
    .map((i) => (i === accounts ? SEQUENCER : ACCOUNT0 + BigInt(i)));
  const token = fc.constantFrom(TOKEN, FEE_TOKEN);
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('transfer' as const),
        sender: who,
        token,
        to: who,
        amount: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 60n })),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('blind' as const),
        sender: who,
        token,
        owner: who,
        value: fc.bigInt({ min: 0n, max: 100n }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('copy' as const),
        sender: who,
        token,
        pointer: who,
        base: fc.constant(ACCOUNT0),
        span: fc.constant(BigInt(accounts)),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('nonce' as const), sender: who }) },
  );
}

/** A block of up to `maxTxs` transactions among 1–6 accounts and the sequencer. */
export function blockShapeArb(maxTxs: number): fc.Arbitrary<BlockShape> {
  return fc.integer({ min: 1, max: 6 }).chain((accounts) =>
    fc.record({
      accounts: fc.constant(accounts),
      txs: fc.array(txArb(accounts), { maxLength: maxTxs }),
      balances: fc.array(fc.integer({ min: 0, max: 100 }), {
        minLength: 2 * (accounts + 1),
        maxLength: 2 * (accounts + 1),
      }),
      fee: fc.constantFrom(0, 0, 1, 3, 7),
    }),
  );
}

export function blockSpec(b: BlockShape): SyntheticBlockSpec {
  const preState = new Map<string, bigint>();
  for (let i = 0; i <= b.accounts; i++) {
    const owner = i === b.accounts ? SEQUENCER : ACCOUNT0 + BigInt(i);
    preState.set(balanceCell(TOKEN, owner), BigInt(b.balances[2 * i]));
    preState.set(balanceCell(FEE_TOKEN, owner), BigInt(b.balances[2 * i + 1]));
  }
  return {
    txs: b.txs,
    preState,
    ...(b.fee > 0
      ? { fee: { token: FEE_TOKEN, sequencer: SEQUENCER, amount: BigInt(b.fee) } }
      : {}),
  };
}

export function blockOf(b: BlockShape): SyntheticBlock {
  return new SyntheticBlock(blockSpec(b));
}
