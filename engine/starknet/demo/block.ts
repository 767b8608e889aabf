/**
 * Builder of real-Cairo demo blocks for the teaching presets and the simulator.
 *
 * `buildDemoBlock(spec)` declares the four demo classes, deploys an ERC20 (also the fee token),
 * an AMM pool, an NFT collection and `accounts` accounts (Stark keys derived from their index)
 * into an in-memory pre-state, and turns the spec's transfers/swaps/mints into signed invoke
 * transactions (mode 'account') or direct calls (mode 'direct').
 */
import { getStarkKey, sign } from '@scure/starknet';
import { classCell, hex, nonceCell, storageCell } from '../../types';
import { loadCasmClass, type CasmClassJson } from '../casm';
import { InMemoryState } from '../state';
import { selectorOf, shortString } from '../execution';
import {
  type CallSpec,
  type FeeMode,
  type StarknetTx,
  StarknetBlockExecutor,
  balanceKey,
  invokeTxHash,
} from '../transactions';
import {
  ACCOUNT_PUBLIC_KEY,
  AMM_RESERVE_A,
  AMM_RESERVE_B,
  NFT_NEXT_ID,
  demoClassHash,
  demoClasses,
} from './contracts';

export type DemoTxSpec =
  | { type: 'transfer'; from: number; to: number; amount: bigint | number }
  | { type: 'swap'; from: number; aToB: boolean; amount: bigint | number }
  | { type: 'mint'; from: number };

export interface DemoBlockSpec {
  txs: DemoTxSpec[];
  /** Number of accounts (default: enough for the spec, at least 2). */
  accounts?: number;
  initialBalance?: bigint;
  reserves?: [bigint, bigint];
  /** 'account' (default): signed invoke transactions; 'direct': plain calls, caller = account. */
  mode?: 'account' | 'direct';
  feeMode?: FeeMode;
  maxFee?: bigint;
}

export const DEMO_ADDRESSES = {
  token: 0x70c3n,
  amm: 0xa33n,
  nft: 0x2f7n,
  sequencer: 0x5e0n,
  account: (i: number) => 0xacc0n + BigInt(i),
};
export const DEMO_CHAIN_ID = shortString('SN_DEMO');

export function demoPrivateKey(i: number): bigint {
  return 0x5eed00n + BigInt(i) * 0x1000193n;
}

export interface DemoBlock {
  executor: StarknetBlockExecutor;
  classes: Record<'erc20' | 'amm' | 'nft' | 'account', { classHash: bigint; casm: CasmClassJson }>;
  preState: InMemoryState;
  labels: string[];
  addresses: { token: bigint; amm: bigint; nft: bigint; sequencer: bigint; accounts: bigint[] };
}

type DemoTx = DemoBlockSpec['txs'][number];
type Names = { cells: Map<string, string>; contracts: Map<bigint, string> };

/** The demo classes, declared in `pre`. */
function declareDemoClasses(pre: InMemoryState): DemoBlock['classes'] {
  const json = demoClasses();
  const classes = {} as DemoBlock['classes'];
  for (const k of ['erc20', 'amm', 'nft', 'account'] as const) {
    const classHash = demoClassHash(json[k]);
    classes[k] = { classHash, casm: json[k] };
    pre.declare(classHash, loadCasmClass(json[k]));
  }
  return classes;
}

/** Token, AMM (with its reserves) and NFT deployed, and the names of their cells. */
function deployDemoContracts(
  pre: InMemoryState,
  classes: DemoBlock['classes'],
  spec: DemoBlockSpec,
  names: Names,
): void {
  const A = DEMO_ADDRESSES;
  for (const [a, name] of [
    [A.token, 'ERC20'],
    [A.amm, 'AMM'],
    [A.nft, 'NFT'],
    [A.sequencer, 'sequencer'],
  ] as const)
    names.contracts.set(a, name);
  pre.write(classCell(A.token), classes.erc20.classHash);
  pre.write(classCell(A.amm), classes.amm.classHash);
  pre.write(classCell(A.nft), classes.nft.classHash);
  const [ra, rb] = spec.reserves ?? [1_000_000n, 1_000_000n];
  pre.write(storageCell(A.amm, AMM_RESERVE_A), ra);
  pre.write(storageCell(A.amm, AMM_RESERVE_B), rb);
  names.cells.set(storageCell(A.amm, AMM_RESERVE_A), 'AMM reserve A');
  names.cells.set(storageCell(A.amm, AMM_RESERVE_B), 'AMM reserve B');
  names.cells.set(storageCell(A.nft, NFT_NEXT_ID), 'NFT next token id');
  names.cells.set(storageCell(A.token, balanceKey(A.sequencer)), 'ERC20 balance of sequencer');
}

/** The accounts (deployed, keyed, funded); returns their private keys. */
function deployDemoAccounts(
  pre: InMemoryState,
  accounts: bigint[],
  classes: DemoBlock['classes'],
  balance: bigint,
  names: Names,
): bigint[] {
  const token = DEMO_ADDRESSES.token;
  return accounts.map((a, i) => {
    const pk = demoPrivateKey(i);
    pre.write(classCell(a), classes.account.classHash);
    pre.write(storageCell(a, ACCOUNT_PUBLIC_KEY), BigInt(getStarkKey(hex(pk))));
    pre.write(storageCell(token, balanceKey(a)), balance);
    names.contracts.set(a, `account ${i}`);
    names.cells.set(storageCell(token, balanceKey(a)), `ERC20 balance of account ${i} (${hex(a)})`);
    names.cells.set(nonceCell(a), `nonce of account ${i}`);
    names.cells.set(storageCell(a, ACCOUNT_PUBLIC_KEY), `public key of account ${i}`);
    return pk;
  });
}

/** The contract call a demo transaction makes, and its label. */
function demoCall(t: DemoTx, accounts: bigint[]): { call: CallSpec; label: string } {
  const A = DEMO_ADDRESSES;
  if (t.type === 'transfer')
    return {
      call: {
        to: A.token,
        selector: selectorOf('transfer'),
        calldata: [accounts[t.to], BigInt(t.amount), 0n],
      },
      label: `transfer ${t.amount} from account ${t.from} to account ${t.to}`,
    };
  if (t.type === 'swap')
    return {
      call: {
        to: A.amm,
        selector: selectorOf('swap'),
        calldata: [t.aToB ? 1n : 0n, BigInt(t.amount)],
      },
      label: `swap ${t.amount} ${t.aToB ? 'A→B' : 'B→A'} by account ${t.from}`,
    };
  return {
    call: { to: A.nft, selector: selectorOf('mint'), calldata: [accounts[t.from]] },
    label: `mint NFT to account ${t.from}`,
  };
}

export function buildDemoBlock(spec: DemoBlockSpec): DemoBlock {
  const pre = new InMemoryState();
  const classes = declareDemoClasses(pre);
  const maxIdx = spec.txs.reduce(
    (m, t) => Math.max(m, t.from, t.type === 'transfer' ? t.to : 0),
    0,
  );
  const nAcc = Math.max(spec.accounts ?? 0, maxIdx + 1, 2);
  const A = DEMO_ADDRESSES;
  const accounts = Array.from({ length: nAcc }, (_, i) => A.account(i));
  const names: Names = { cells: new Map(), contracts: new Map() };
  deployDemoContracts(pre, classes, spec, names);
  const keys = deployDemoAccounts(
    pre,
    accounts,
    classes,
    spec.initialBalance ?? 1_000_000_000n,
    names,
  );
  const maxFee = spec.maxFee ?? 1_000_000n;
  const nonces = accounts.map(() => 0n);
  const txs: StarknetTx[] = [];
  const labels: string[] = [];
  for (const t of spec.txs) {
    const { call, label } = demoCall(t, accounts);
    const sender = accounts[t.from];
    if ((spec.mode ?? 'account') === 'direct')
      txs.push({ kind: 'call', caller: sender, call, label });
    else {
      // signed by the account's key, as its __validate__ checks
      const nonce = nonces[t.from]++;
      const txHash = invokeTxHash(sender, [call], nonce, maxFee, DEMO_CHAIN_ID);
      const sig = sign(hex(txHash), hex(keys[t.from]));
      const signature = [sig.r, sig.s];
      txs.push({ kind: 'invoke', sender, calls: [call], nonce, maxFee, txHash, signature, label });
    }
    labels.push(label);
  }
  const executor = new StarknetBlockExecutor(
    txs,
    pre,
    {
      block: { blockNumber: 1000n, blockTimestamp: 1_700_000_000n, sequencerAddress: A.sequencer },
      classes: pre,
      feeToken: A.token,
      feeMode: spec.feeMode ?? 'deferred',
      chainId: DEMO_CHAIN_ID,
    },
    names,
  );
  return {
    executor,
    classes,
    preState: pre,
    labels,
    addresses: { token: A.token, amm: A.amm, nft: A.nft, sequencer: A.sequencer, accounts },
  };
}
