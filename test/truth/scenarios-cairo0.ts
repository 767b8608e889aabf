/**
 * The Cairo 0 scenario: a second devnet node started with `--account-class cairo0`, whose
 * predeployed accounts are deprecated (Cairo 0) OpenZeppelin accounts (their `__execute__` takes
 * the `AccountCallArray` calldata layout), calling the Cairo 1 STRK/ETH fee tokens. One block:
 * transfers with contention (a hot recipient, self-transfers, the sequencer), multicalls and
 * reverted transactions.
 */
import { ec, hash } from 'starknet';
import { rpc } from './devnet';
import { selector, STRK, ETH, type Call } from './node';
import { type Scenario, type World, UDC, connect, rng, transfer, udcAddress } from './scenarios';

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

/** The Cairo 0 account class of the predeployed accounts. */
async function accountClass(w: World): Promise<string> {
  return rpc<string>(w.node.url, 'starknet_getClassHashAt', {
    block_id: 'latest',
    contract_address: w.accounts[0].address,
  });
}

interface NewAccount {
  key: string;
  salt: string;
  address: string;
}

/** Fund `k` new Cairo 0 accounts (a setup block) for DEPLOY_ACCOUNT in the scenario block. */
async function fundNewAccounts(w: World, cls: string, k: number): Promise<NewAccount[]> {
  const out: NewAccount[] = [];
  for (let i = 0; i < k; i++) {
    const key = '0x' + (0xc0de0 + i).toString(16);
    const salt = '0x' + (200 + i).toString(16);
    const ctor = [ec.starkCurve.getStarkKey(key)];
    const address =
      '0x' + BigInt(hash.calculateContractAddressFromHash(salt, cls, ctor, 0)).toString(16);
    await w.node.invoke(w.accounts[i], [transfer(STRK, address, 10n ** 20n)]);
    out.push({ key, salt, address });
  }
  await w.node.mine();
  return out;
}

/**
 * Cairo 1 → Cairo 0: the UDC deploys the Cairo 0 account class (its constructor runs under the
 * deploy syscall); then Cairo 0 → Cairo 0: accounts call its views.
 */
async function deployAndCallCairo0(w: World, cls: string): Promise<void> {
  const keys = [0x51n, 0x52n, 0x53n].map((k) =>
    BigInt(ec.starkCurve.getStarkKey('0x' + k.toString(16))),
  );
  const deployed: string[] = [];
  for (const [i, pub] of keys.entries()) {
    const salt = BigInt(300 + i);
    await w.node.invoke(w.accounts[6 + i], [
      { to: UDC, entrypoint: 'deploy_contract', calldata: [cls, salt, 0, 1, pub] },
    ]);
    deployed.push(udcAddress(cls, salt, [pub]));
  }
  for (const [i, c] of deployed.entries())
    await w.node.invoke(w.accounts[10 + i], [
      { to: c, entrypoint: 'getPublicKey', calldata: [] },
      {
        to: c,
        entrypoint: 'supportsInterface',
        calldata: ['0x3f918d17e5ee77373b56385708f855659a07f75997f365cf87748628532a055'],
      },
    ]);
  // a Cairo 0 failure of Cairo 0 code: another account may not set this one's key (the account's
  // `assert_only_self`, an assert under `with_attr error_message`), so the invoke reverts
  await w.node.invoke(w.accounts[9], [
    { to: deployed[0], entrypoint: 'setPublicKey', calldata: ['0x5e7'] },
  ]);
  // a Cairo 0 syscall's own error: call_contract may not call `__execute__` (0.14+)
  await w.node.invoke(w.accounts[8], [
    { to: deployed[1], entrypoint: '__execute__', calldata: ['0x0', '0x0'] },
  ]);
}

/** Transfers with contention, multicalls and reverts from Cairo 0 accounts, in one block. */
export async function cairo0Block(w: World, count = 80): Promise<Scenario> {
  const cls = await accountClass(w);
  const fresh = await fundNewAccounts(w, cls, 3);
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
  // DEPLOY_ACCOUNT of Cairo 0 accounts, each followed by its first transfer
  for (const a of fresh) {
    await w.node.deployAccount(a.key, cls, a.salt);
    const acct = {
      address: a.address,
      privateKey: a.key,
      publicKey: ec.starkCurve.getStarkKey(a.key),
    };
    await w.node.invoke(acct, [transfer(STRK, acc[0].address, 10n ** 15n)]);
  }
  await deployAndCallCairo0(w, cls);
  return {
    name: 'cairo0-accounts',
    block: await w.node.mine(),
    about: `${count} transfers and multicalls from Cairo 0 accounts (hot recipient, self, sequencer), 2 reverts, 3 DEPLOY_ACCOUNT, UDC deploys of the Cairo 0 class, calls into them and two reverts in them (an assert of Cairo 0 code, a direct __execute__ call)`,
  };
}

/** Build the Cairo 0 scenario on a node started with `--account-class cairo0`. */
export async function buildCairo0Scenario(url: string): Promise<Scenario> {
  const w = await connect(url);
  w.node.calldataOf = cairo0CallData;
  return cairo0Block(w);
}
