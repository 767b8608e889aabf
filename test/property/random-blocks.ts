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
  type SyntheticFee,
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
  return spec.txs.some((t, i) => {
    const fee = spec.txFees?.[i] ?? spec.fee;
    if (!fee) return false;
    return (
      t.sender === fee.sequencer ||
      (t.kind === 'transfer' && t.token === fee.token && t.to === fee.sequencer) ||
      (t.kind === 'blind' && t.token === fee.token && t.owner === fee.sequencer) ||
      (t.kind === 'copy' && t.token === fee.token && t.sender === fee.sequencer)
    );
  });
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

/**
 * The block's spec; `space` > 0 moves every address (accounts, sequencer, tokens) by
 * space · 2^32, so blocks of different spaces share no cell.
 */
export function blockSpec(b: BlockShape, space = 0): SyntheticBlockSpec {
  const off = BigInt(space) << 32n;
  const at = (x: bigint) => x + off;
  const preState = new Map<string, bigint>();
  for (let i = 0; i <= b.accounts; i++) {
    const owner = at(i === b.accounts ? SEQUENCER : ACCOUNT0 + BigInt(i));
    preState.set(balanceCell(at(TOKEN), owner), BigInt(b.balances[2 * i]));
    preState.set(balanceCell(at(FEE_TOKEN), owner), BigInt(b.balances[2 * i + 1]));
  }
  const txs = b.txs.map((t) => moveTx(t, at));
  return {
    txs,
    preState,
    ...(b.fee > 0
      ? { fee: { token: at(FEE_TOKEN), sequencer: at(SEQUENCER), amount: BigInt(b.fee) } }
      : {}),
  };
}

function moveTx(t: SyntheticTx, at: (x: bigint) => bigint): SyntheticTx {
  switch (t.kind) {
    case 'transfer':
      return { ...t, sender: at(t.sender), token: at(t.token), to: at(t.to) };
    case 'blind':
      return { ...t, sender: at(t.sender), token: at(t.token), owner: at(t.owner) };
    case 'copy':
      return {
        ...t,
        sender: at(t.sender),
        token: at(t.token),
        pointer: at(t.pointer),
        base: at(t.base),
      };
    default:
      return { ...t, sender: at(t.sender) };
  }
}

export function blockOf(b: BlockShape): SyntheticBlock {
  return new SyntheticBlock(blockSpec(b));
}

/**
 * Independent blocks run as one: block j in address space j + 1 (no cell in common), each with
 * its own sequencer and fee (per-transaction fees). The final state and every transaction's
 * committed reads of the batch are those of each block on its own, so one real-worker run
 * checks them all (worker start-up is most of a small block's run).
 */
export function batchSpec(blocks: BlockShape[]): SyntheticBlockSpec {
  const txs: SyntheticTx[] = [];
  const txFees: (SyntheticFee | null)[] = [];
  const preState = new Map<string, bigint>();
  blocks.forEach((b, j) => {
    const spec = blockSpec(b, j + 1);
    for (const t of spec.txs) {
      txs.push(t);
      txFees.push(spec.fee ?? null);
    }
    for (const [k, v] of spec.preState) preState.set(k, v);
  });
  return { txs, preState, txFees };
}
