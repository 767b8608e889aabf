/**
 * Scenarios scripted against a devnet node. Each one ends in ONE mined block of many
 * transactions (devnet_createBlock); setup blocks before it (funding, declares) are mined too
 * and are not scenarios of their own.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ec, hash } from 'starknet';
import { compiledClassHash } from './casm-hash';
import { rpc } from './devnet';
import { type Account, type Call, ETH, Node, STRK, bounds } from './node';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const FIXTURES = resolve(ROOT, '../shared/fixtures');

export interface Scenario {
  name: string;
  block: number;
  /** What the scenario means to exercise (for the report). */
  about: string;
}

/** Deterministic pseudo-random numbers (a 32-bit LCG), so every run builds the same blocks. */
export function rng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

/** An ERC20 `transfer` call of `amount` (a u256: low and high 128 bits). */
export const transfer = (token: string, to: string, amount: bigint): Call => ({
  to: token,
  entrypoint: 'transfer',
  calldata: [to, amount & ((1n << 128n) - 1n), amount >> 128n],
});

export interface World {
  node: Node;
  accounts: Account[];
  sequencer: string;
}

export async function connect(url: string): Promise<World> {
  const node = await Node.connect(url);
  const raw = await rpc<{ address: string; private_key: string; public_key: string }[]>(
    url,
    'devnet_getPredeployedAccounts',
  );
  const accounts = raw.map((a) => ({
    address: a.address,
    privateKey: a.private_key,
    publicKey: a.public_key,
  }));
  const head = await rpc<{ sequencer_address: string }>(url, 'starknet_getBlockWithTxHashes', {
    block_id: 'latest',
  });
  return { node, accounts, sequencer: head.sequencer_address };
}

/** ≥ 200 STRK/ETH transfers among the predeployed accounts: a hot recipient, self-transfers, the sequencer. */
export async function transfersBlock(w: World, count = 220): Promise<Scenario> {
  const pick = rng(7);
  const n = w.accounts.length;
  for (let i = 0; i < count; i++) {
    const from = w.accounts[pick(n)];
    const r = pick(20);
    const to =
      r < 6
        ? w.accounts[0].address // hotspot: a quarter of all transfers credit account 0
        : r < 8
          ? from.address // self-transfer
          : r < 10
            ? w.sequencer // to the sequencer (its balance also takes every fee)
            : w.accounts[pick(n)].address;
    const token = pick(3) === 0 ? ETH : STRK;
    await w.node.invoke(from, [transfer(token, to, BigInt(1 + pick(1_000_000)) * 10n ** 9n)]);
  }
  return {
    name: 'transfers',
    block: await w.node.mine(),
    about: `${count} STRK/ETH transfers among ${n} accounts (hot recipient, self, sequencer)`,
  };
}

/** Multicalls: several transfers per tx, approve then transfer_from by the spender, in one block. */
export async function multicallBlock(w: World, count = 40): Promise<Scenario> {
  const pick = rng(11);
  const n = w.accounts.length;
  for (let i = 0; i < count; i++) {
    const a = w.accounts[pick(n)];
    const b = w.accounts[(w.accounts.indexOf(a) + 1 + pick(n - 1)) % n];
    if (i % 4 === 3) {
      // b spends a's allowance (approved below in an earlier tx of this block)
      await w.node.invoke(a, [
        { to: STRK, entrypoint: 'approve', calldata: [b.address, 10n ** 15n, 0] },
      ]);
      await w.node.invoke(b, [
        {
          to: STRK,
          entrypoint: 'transfer_from',
          calldata: [a.address, w.accounts[pick(n)].address, 10n ** 12n, 0],
        },
      ]);
      continue;
    }
    const calls: Call[] = [];
    for (let k = 0; k < 2 + pick(4); k++)
      calls.push(
        transfer(
          pick(2) ? STRK : ETH,
          w.accounts[pick(n)].address,
          BigInt(1 + pick(1000)) * 10n ** 10n,
        ),
      );
    await w.node.invoke(a, calls);
  }
  return { name: 'multicall', block: await w.node.mine(), about: `${count}+ multicall invokes` };
}

interface Fixture {
  sierra: Record<string, unknown>;
  casm: Record<string, unknown>;
}
export function fixture(name: string): Fixture {
  const dir = join(FIXTURES, 'casm', 'cairo-lang');
  const read = (f: string) =>
    JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>;
  return {
    sierra: read(`${name}.contract_class.json`),
    casm: read(`${name}.compiled_contract_class.json`),
  };
}

/**
 * Declare a fixture class with its v2 (Blake) compiled class hash, as Starknet 0.14.1+ expects;
 * with the v1 (Poseidon) one if the node refuses that.
 */
export async function declareFixture(
  w: World,
  acct: Account,
  name: string,
  l2Gas?: bigint,
): Promise<{ txHash: string; classHash: string }> {
  const f = fixture(name);
  try {
    return await w.node.declare(acct, f.sierra, compiledClassHash(f.casm, 2), l2Gas);
  } catch (e) {
    if (!/compiled.class.hash|CompiledClassHash/i.test(String(e))) throw e;
    return w.node.declare(acct, f.sierra, compiledClassHash(f.casm, 1), l2Gas);
  }
}

export const UDC = '0x2ceed65a4bd731034c01113685c831b01c15d7d432f71afb1cf1634b53a2125';

/** Address of a contract deployed by the UDC with `not_from_zero` false (deployer 0). */
export function udcAddress(classHash: string, salt: bigint, ctor: bigint[]): string {
  return (
    '0x' + BigInt(hash.calculateContractAddressFromHash(salt, classHash, ctor, 0)).toString(16)
  );
}
const deployCall = (classHash: string, salt: bigint, ctor: bigint[]): Call => ({
  to: UDC,
  entrypoint: 'deploy_contract',
  calldata: [classHash, salt, 0, ctor.length, ...ctor],
});

export interface Contracts {
  hello: string;
  counter: string;
  test: string;
}

/** Declares (v3) of real classes, deploys through the UDC and calls into them, in one block. */
export async function contractsBlock(
  w: World,
): Promise<{ scenario: Scenario; contracts: Contracts }> {
  const [a, b, c] = w.accounts;
  const hello = await declareFixture(w, a, 'hello_starknet__hello_starknet');
  const counter = await declareFixture(w, b, 'new_syntax_test_contract__counter_contract');
  const test = await declareFixture(w, c, 'test_contract__test_contract');
  await declareFixture(w, a, 'minimal_contract__minimal_contract');
  const contracts: Contracts = {
    hello: udcAddress(hello.classHash, 1n, []),
    counter: udcAddress(counter.classHash, 2n, [100n, 0n]),
    test: udcAddress(test.classHash, 3n, [7n]),
  };
  await w.node.invoke(a, [deployCall(hello.classHash, 1n, [])]);
  await w.node.invoke(b, [deployCall(counter.classHash, 2n, [100n, 0n])]);
  await w.node.invoke(c, [deployCall(test.classHash, 3n, [7n])]);
  for (let i = 0; i < 12; i++) {
    const acct = w.accounts[3 + (i % 8)];
    await w.node.invoke(acct, [
      { to: contracts.hello, entrypoint: 'increase_balance', calldata: [i + 1] },
      { to: contracts.counter, entrypoint: 'increase_counter', calldata: [i + 1] },
    ]);
  }
  await w.node.invoke(w.accounts[4], [
    { to: contracts.test, entrypoint: 'test', calldata: [1, 2, 3] },
  ]);
  return {
    scenario: {
      name: 'contracts',
      block: await w.node.mine(),
      about: 'DECLARE v3 ×4, UDC deploys ×3, calls into the new contracts',
    },
    contracts,
  };
}

/** Reverted transactions: a panic, an insufficient balance, out of gas; between good ones. */
export async function revertsBlock(w: World, c: Contracts): Promise<Scenario> {
  const acc = w.accounts;
  const tight = await tightL2Bound(w, acc[11], {
    to: c.hello,
    entrypoint: 'increase_balance',
    calldata: [1],
  });
  await w.node.invoke(acc[5], [{ to: c.counter, entrypoint: 'increase_counter', calldata: [5] }]);
  // panic: the counter cannot go below zero (u128 underflow)
  await w.node.invoke(acc[6], [
    { to: c.counter, entrypoint: 'decrease_counter', calldata: [10n ** 30n] },
  ]);
  // insufficient balance: more STRK than anyone has
  await w.node.invoke(acc[7], [transfer(STRK, acc[8].address, 10n ** 30n)]);
  await w.node.invoke(acc[7], [transfer(ETH, acc[9].address, 10n ** 30n)]);
  // a multicall whose second call fails reverts the first one too
  await w.node.invoke(acc[8], [
    transfer(STRK, acc[1].address, 10n ** 12n),
    { to: c.counter, entrypoint: 'decrease_counter', calldata: [10n ** 30n] },
  ]);
  // out of gas: 40 increase_balance calls under a small L2 gas bound
  const many: Call[] = Array.from({ length: 40 }, () => ({
    to: c.hello,
    entrypoint: 'increase_balance',
    calldata: [1],
  }));
  // the node refuses a bound below the transaction's minimal gas (calldata, OS work): raise it
  // until it is accepted, which still leaves far too little for 40 calls
  for (const l2 of [1_200_000n, 2_000_000n, 3_000_000n, 4_000_000n, 6_000_000n]) {
    try {
      await w.node.invoke(acc[9], many, bounds(l2));
      break;
    } catch (e) {
      if (l2 === 6_000_000n) throw e;
    }
  }
  await w.node.invoke(acc[10], [transfer(STRK, acc[2].address, 10n ** 12n)]);
  // enough L2 gas for validate and execute, one short of the total: the post-execution fee
  // check reverts it ("Insufficient max L2Gas")
  await w.node.invoke(acc[11], [tight.call], bounds(tight.l2Gas - 1n));
  // spends all but 1000 FRI of its STRK in execute: it cannot pay the fee afterwards, so the
  // post-execution check reverts it ("Insufficient fee token balance") and it pays from the
  // balance execute no longer spent
  const rich = await strkBalance(w, acc[12].address);
  await w.node.invoke(acc[12], [transfer(STRK, acc[3].address, rich - 1000n)]);
  return {
    name: 'reverts',
    block: await w.node.mine(),
    about:
      'panic, insufficient balance (STRK, ETH), failing multicall, out of gas, over the L2 gas bound after execution, a fee the balance left by execute cannot pay',
  };
}

/** An account's STRK balance at the latest block (u256 low + high). */
async function strkBalance(w: World, address: string): Promise<bigint> {
  const [low, high] = await rpc<string[]>(w.node.url, 'starknet_call', {
    request: {
      contract_address: STRK,
      entry_point_selector: hash.getSelectorFromName('balance_of'),
      calldata: [address],
    },
    block_id: 'latest',
  });
  return BigInt(low) + (BigInt(high) << 128n);
}

/**
 * The L2 gas `call` from `acct` uses, measured in a setup block: run twice (the first may
 * allocate storage keys, the second is what a third run will use), the second receipt's l2_gas.
 */
async function tightL2Bound(
  w: World,
  acct: Account,
  call: Call,
): Promise<{ call: Call; l2Gas: bigint }> {
  await w.node.invoke(acct, [call]);
  const second = await w.node.invoke(acct, [call]);
  await w.node.mine();
  const receipt = await rpc<{ execution_resources: { l2_gas: number | string } }>(
    w.node.url,
    'starknet_getTransactionReceipt',
    { transaction_hash: second },
  );
  return { call, l2Gas: BigInt(receipt.execution_resources.l2_gas) };
}

/** DEPLOY_ACCOUNT of new OZ accounts (funded in a setup block), then their first invokes. */
export async function deployAccountBlock(w: World, k = 4): Promise<Scenario> {
  const cls = await rpc<string>(w.node.url, 'starknet_getClassHashAt', {
    block_id: 'latest',
    contract_address: w.accounts[0].address,
  });
  const keys = Array.from({ length: k }, (_, i) => '0x' + (0xabc0 + i).toString(16));
  const salts = keys.map((_, i) => '0x' + (100 + i).toString(16));
  const addrs = keys.map(
    (key, i) =>
      '0x' +
      BigInt(
        hash.calculateContractAddressFromHash(salts[i], cls, [ec.starkCurve.getStarkKey(key)], 0),
      ).toString(16),
  );
  for (const [i, addr] of addrs.entries())
    await w.node.invoke(w.accounts[i], [transfer(STRK, addr, 10n ** 20n)]);
  await w.node.mine(); // setup: funding
  for (const [i, key] of keys.entries()) {
    await w.node.deployAccount(key, cls, salts[i]);
    const acct = { address: addrs[i], privateKey: key, publicKey: ec.starkCurve.getStarkKey(key) };
    await w.node.invoke(acct, [transfer(STRK, w.accounts[0].address, 10n ** 15n)]);
  }
  return {
    name: 'deploy-account',
    block: await w.node.mine(),
    about: `${k} DEPLOY_ACCOUNT v3, each followed by the new account's first transfer`,
  };
}

/** L1→L2 messages through the postman mock: L1_HANDLER transactions, among invokes. */
export async function l1HandlerBlock(w: World, c: Contracts, k = 5): Promise<Scenario> {
  for (let i = 0; i < k; i++) {
    await w.node.messageToL2(c.test, 'l1_handle', '0x' + (0x1000 + i).toString(16), [i + 1], i);
    await w.node.invoke(w.accounts[11 + (i % 5)], [
      { to: c.hello, entrypoint: 'increase_balance', calldata: [i + 1] },
    ]);
  }
  return { name: 'l1-handler', block: await w.node.mine(), about: `${k} L1_HANDLER transactions` };
}

export interface BuiltScenarios {
  scenarios: Scenario[];
  /** Scenarios that could not be built (the node refused a transaction…): name → error. */
  failed: Record<string, string>;
}

/**
 * The libfuncs coverage class (cairo-lang's contract that compiles every libfunc, about 1 MB of
 * code): its DECLARE (the code-size part of the fee at its largest), a deploy and a call of its
 * `entry_point` from three accounts, in one block. The call does not reach the libfuncs (measured: 40000 L2 gas), so
 * keccak is not exercised here: no shared fixture runs the keccak syscall.
 */
export async function libfuncsBlock(w: World): Promise<Scenario> {
  const [a, b] = w.accounts;
  // ~1.3e9 L2 gas at gas_per_code_byte, above the default bound
  const cls = await declareFixture(w, a, 'libfuncs_coverage__libfuncs_coverage', 3_000_000_000n);
  const address = udcAddress(cls.classHash, 9n, []);
  await w.node.invoke(b, [deployCall(cls.classHash, 9n, [])]);
  for (const acct of w.accounts.slice(0, 3))
    await w.node.invoke(acct, [{ to: address, entrypoint: 'entry_point', calldata: [] }]);
  return {
    name: 'libfuncs',
    block: await w.node.mine(),
    about: 'DECLARE of a 1 MB class, its deploy and three calls',
  };
}

/** Every scenario, in order (later ones use the contracts deployed by 'contracts'). */
export async function buildScenarios(url: string): Promise<BuiltScenarios> {
  const w = await connect(url);
  const out: BuiltScenarios = { scenarios: [], failed: {} };
  const attempt = async <T>(name: string, f: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await f();
    } catch (e) {
      out.failed[name] = e instanceof Error ? e.message : String(e);
      // a refused transaction leaves the pre-confirmed block half built: mine it out of the way
      await w.node.mine().catch(() => undefined);
      return undefined;
    }
  };
  const push = (s: Scenario | undefined) => s && out.scenarios.push(s);
  push(await attempt('transfers', () => transfersBlock(w)));
  push(await attempt('multicall', () => multicallBlock(w)));
  const built = await attempt('contracts', () => contractsBlock(w));
  push(built?.scenario);
  if (built) push(await attempt('reverts', () => revertsBlock(w, built.contracts)));
  push(await attempt('deploy-account', () => deployAccountBlock(w)));
  if (built) push(await attempt('l1-handler', () => l1HandlerBlock(w, built.contracts)));
  push(await attempt('libfuncs', () => libfuncsBlock(w)));
  return out;
}
