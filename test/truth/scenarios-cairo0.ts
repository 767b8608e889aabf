/**
 * The Cairo 0 scenario: a second devnet node started with `--account-class cairo0`, whose
 * predeployed accounts are deprecated (Cairo 0) OpenZeppelin accounts (their `__execute__` takes
 * the `AccountCallArray` calldata layout), calling the Cairo 1 STRK/ETH fee tokens. One block:
 * transfers with contention (a hot recipient, self-transfers, the sequencer), multicalls and
 * reverted transactions.
 */
import { selector, STRK, ETH, type Call } from './node';
import { type Scenario, type World, connect } from './scenarios';

const hx = (v: bigint | number | string): string => '0x' + BigInt(v).toString(16);

/** `__execute__` calldata of a Cairo 0 account: [n, (to, selector, offset, len)×n, total, data…]. */
export function cairo0CallData(calls: Call[]): string[] {
  const head: string[] = [hx(calls.length)];
  const data: string[] = [];
  for (const c of calls) {
    head.push(hx(c.to), selector(c.entrypoint), hx(data.length), hx(c.calldata.length));
    data.push(...c.calldata.map(hx));
  }
  return [...head, hx(data.length), ...data];
}

/** Deterministic pseudo-random numbers (a 32-bit LCG), so every run builds the same block. */
function rng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

const transfer = (token: string, to: string, amount: bigint): Call => ({
  to: token,
  entrypoint: 'transfer',
  calldata: [to, amount & ((1n << 128n) - 1n), amount >> 128n],
});

/** Transfers with contention, multicalls and reverts from Cairo 0 accounts, in one block. */
export async function cairo0Block(w: World, count = 80): Promise<Scenario> {
  const pick = rng(19);
  const acc = w.accounts;
  const n = acc.length;
  for (let i = 0; i < count; i++) {
    const from = acc[pick(n)];
    const r = pick(20);
    const to =
      r < 6
        ? acc[0].address // hot recipient
        : r < 8
          ? from.address // self-transfer
          : r < 10
            ? w.sequencer
            : acc[pick(n)].address;
    const token = pick(3) === 0 ? ETH : STRK;
    const calls = [transfer(token, to, BigInt(1 + pick(1_000_000)) * 10n ** 9n)];
    // every eighth is a multicall of 2–4 transfers
    if (i % 8 === 7)
      for (let k = 0; k < 1 + pick(3); k++)
        calls.push(transfer(pick(2) ? STRK : ETH, acc[pick(n)].address, 10n ** 10n));
    await w.node.invoke(from, calls);
  }
  // reverts: insufficient balance, and a multicall whose second call fails (the first is undone)
  await w.node.invoke(acc[3], [transfer(STRK, acc[4].address, 10n ** 30n)]);
  await w.node.invoke(acc[5], [
    transfer(ETH, acc[6].address, 10n ** 12n),
    transfer(STRK, acc[7].address, 10n ** 30n),
  ]);
  await w.node.invoke(acc[1], [transfer(STRK, acc[2].address, 10n ** 12n)]);
  return {
    name: 'cairo0-accounts',
    block: await w.node.mine(),
    about: `${count} transfers and multicalls from Cairo 0 accounts (hot recipient, self, sequencer), 2 reverts`,
  };
}

/** Build the Cairo 0 scenario on a node started with `--account-class cairo0`. */
export async function buildCairo0Scenario(url: string): Promise<Scenario> {
  const w = await connect(url);
  w.node.calldataOf = cairo0CallData;
  return cairo0Block(w);
}
