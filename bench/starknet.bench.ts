/**
 * engine/starknet throughput: sequential execution of 10,000 demo ERC20 transfers (our
 * Cairo-assembly token), as direct calls and as full account transactions (__validate__ with a
 * Stark ECDSA check + __execute__ + fee transfer). Targets (Node, one core): ≥ 5,000 tx/s direct,
 * ≥ 500 tx/s full. Then `starknet.erc20_transfer.tx_per_s`: real compiled Cairo 1 classes (OZ
 * account 0.8.0 → OZ ERC20 1.0.0, see starknet-erc20.ts), signed v3 INVOKEs, run one after the
 * other with their writes committed.
 */
import type { Report } from './run';
import { buildDemoBlock, type DemoTxSpec } from '../engine/starknet/demo/block';
import { executeTransaction } from '../engine/starknet/transactions';
import { buildErc20Block, commit, haveErc20Fixtures } from './starknet-erc20';

function transfers(n: number, accounts: number): DemoTxSpec[] {
  return Array.from(
    { length: n },
    (_, i) =>
      ({
        type: 'transfer',
        from: i % accounts,
        to: (i * 7 + 3) % accounts,
        amount: 1 + (i % 5),
      }) as DemoTxSpec,
  );
}

/** Real OZ account → OZ ERC20 transfers: `warm` transactions untimed (JIT, key tables), then `n`. */
function realErc20(report: Report, n = Number(process.env.ERC20_TXS ?? 400), warm = 100) {
  if (!haveErc20Fixtures()) return console.error('# ../shared/fixtures missing: erc20 skipped');
  const t0 = performance.now();
  const { state, cfg, txs } = buildErc20Block(warm + n, 16);
  report('starknet.erc20_transfer.build', performance.now() - t0, 'ms (deploy 16 accounts, sign)');
  const run = (from: number, to: number) => {
    let steps = 0;
    for (let i = from; i < to; i++) {
      const ex = executeTransaction(txs[i], state, cfg);
      commit(state, ex, `transfer ${i}`);
      steps += ex.steps;
    }
    return steps;
  };
  run(0, warm);
  const c1 = process.cpuUsage();
  const t1 = performance.now();
  const steps = run(warm, warm + n);
  const ms = performance.now() - t1;
  const c = process.cpuUsage(c1);
  const cpuS = (c.user + c.system) / 1e6;
  report(
    'starknet.erc20_transfer.tx_per_s',
    (n / ms) * 1000,
    `tx/s (${n} txs, one core; ${(n / cpuS).toFixed(0)} per CPU second)`,
  );
  report('starknet.erc20_transfer.steps_per_tx', steps / n, 'steps (validate + execute + fee)');
}

export default async function (report: Report) {
  realErc20(report);
  if (process.env.ERC20_ONLY) return;
  const N = 10_000;
  for (const mode of ['direct', 'account'] as const) {
    const t0 = performance.now();
    const b = buildDemoBlock({ txs: transfers(N, 16), accounts: 16, mode });
    const build = performance.now() - t0;
    // warm-up (JIT, and the ecdsa rule's per-key multiplication tables, built on a key's 2nd and
    // 16th use): a separate 20-tx-per-account block over the same 16 accounts (same keys), run
    // sequentially with commits — `executor.run(i, view)` does not commit, so replaying a prefix
    // that way would reject every account's second transaction on its nonce and warm nothing.
    const tw = performance.now();
    const wb = buildDemoBlock({ txs: transfers(320, 16), accounts: 16, mode });
    wb.executor.runSequential(wb.preState.clone());
    report(
      `${mode === 'direct' ? 'starknet.erc20_transfer_direct' : 'starknet.erc20_transfer_account'}.warmup`,
      performance.now() - tw,
      'ms',
    );
    const st = b.preState.clone();
    const t1 = performance.now();
    const ex = b.executor.runSequential(st);
    const ms = performance.now() - t1;
    if (ex.some((e) => e.reverted || e.rejected))
      throw new Error('unexpected revert in benchmark block');
    const name =
      mode === 'direct' ? 'starknet.erc20_transfer_direct' : 'starknet.erc20_transfer_account';
    report(name, (N / ms) * 1000, 'tx/s');
    report(`${name}.build`, build, 'ms');
    report(`${name}.steps_per_tx`, ex.reduce((s, e) => s + e.steps, 0) / N, 'steps');
  }
}
