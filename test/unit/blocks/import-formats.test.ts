import { describe, expect, it } from 'vitest';
import {
  ETH_TOKEN,
  STRK_TOKEN,
  type ImportedBlock,
  detectFormat,
  erc20BalanceCells,
  importBlock,
  importBlockParts,
  makeBundle,
  serializeBundle,
} from '../../../engine/blocks/import';
import { buildPresetBundle, PRESET_CHAIN_ID, PRESETS } from '../../../engine/blocks/import/presets';
import { nonceCell, storageCell, classCell } from '../../../engine/types';
import { haveShared, local, shared } from './helpers';

const itShared = haveShared ? it : it.skip;

function cells(b: ImportedBlock, i: number, kind: 'reads' | 'writes') {
  return b.transactions[i].accessSets[kind].map((a) => a.cell);
}

describe('shared fixtures: every format', () => {
  itShared('RPC 0.10 traceBlockTransactions (array) → inferred access sets from state_diff', () => {
    const b = importBlock(shared('pathfinder-rpc/traces/multiple_txs.json'));
    expect(b.sourceFormats).toEqual(['rpc:traceBlockTransactions']);
    expect(b.accessMode).toBe('inferred');
    expect(b.transactions).toHaveLength(3);
    const t0 = b.transactions[0];
    expect(t0.type).toBe('DECLARE');
    expect(t0.declaredClasses.length).toBe(1);
    expect(
      t0.accessSets.writes.every((w) => w.evidence === 'state_diff' && w.value !== undefined),
    ).toBe(true);
    expect(t0.accessSets.writes.map((w) => w.cell)).toContain(nonceCell(0xc01n));
    expect(t0.accessSets.inferred).toBe(true);
    expect(t0.calls.length).toBeGreaterThan(0);
    expect(t0.stepsUnit).toBe('l2_gas');
    // sequencer = fee transfer recipient; its balance write is deferred, not a write
    expect(b.sequencerAddress).toBeDefined();
    const seqCells = erc20BalanceCells(t0.feeToken!, b.sequencerAddress!);
    expect(t0.accessSets.writes.map((w) => w.cell)).not.toContain(seqCells[0]);
    expect(t0.accessSets.deferredWrites.map((w) => w.cell)).toContain(seqCells[0]);
  });

  itShared(
    'RPC 0.10.1 traces with initial_reads: reads carry initial_reads evidence and values',
    () => {
      const b = importBlock(shared('pathfinder-rpc/traces/multiple_txs_with_initial_reads.json'));
      expect(b.rpcSpecVersion).toBe('0.10.1+');
      const ev = b.transactions.flatMap((t) =>
        t.accessSets.reads.filter((r) => r.evidence === 'initial_reads'),
      );
      expect(ev.length).toBeGreaterThan(0);
      expect(ev.every((r) => r.value !== undefined)).toBe(true);
    },
  );

  itShared('RPC pre-confirmed traces parse too', () => {
    expect(
      importBlock(shared('pathfinder-rpc/traces/multiple_pre_confirmed_txs.json')).transactions,
    ).toHaveLength(3);
  });

  itShared('feeder blocks of every version (pre-0.7 … 0.13.4)', () => {
    for (const [f, n] of [
      ['pathfinder-feeder/pre_0.7.0/block/mainnet_genesis.json', 18],
      ['pathfinder-feeder/0.7.0/block/mainnet_2240.json', 298],
      ['pathfinder-feeder/0.8.0/block/mainnet_2500.json', 426],
      ['pathfinder-feeder/0.9.0/block/mainnet_2800.json', 184],
      ['pathfinder-feeder/0.13.2/block/sepolia_integration_35748.json', 2],
      ['pathfinder-feeder/0.13.4/block/sepolia_integration_63881.json', 4],
    ] as const) {
      const b = importBlock(shared(f));
      expect(b.sourceFormats, f).toEqual(['feeder:block']);
      expect(b.transactions, f).toHaveLength(n);
      expect(b.accessMode).toBe('partial');
      expect(b.transactions.every((t) => t.steps !== undefined)).toBe(true);
    }
  });

  itShared(
    'feeder 0.13.4 block: Transfer events give balance writes with transfer_event evidence',
    () => {
      const b = importBlock(
        shared('pathfinder-feeder/0.13.4/block/sepolia_integration_63881.json'),
      );
      expect(b.starknetVersion).toBe('0.13.4');
      const t = b.transactions[0];
      expect(t.accessSets.writes.some((w) => w.evidence === 'transfer_event')).toBe(true);
      expect(
        t.accessSets.writes.some(
          (w) => w.evidence === 'inferred_rule' && w.cell === nonceCell(BigInt(t.sender!)),
        ),
      ).toBe(true);
      // the sender's fee balance low cell shows up in both the Transfer evidence and the read rule
      const [low] = erc20BalanceCells(t.feeToken!, t.sender!);
      expect(cells(b, 0, 'writes')).toContain(low);
      expect(cells(b, 0, 'reads')).toContain(low);
    },
  );

  itShared('feeder big block (mainnet 65000, 236 txs)', () => {
    const progress: number[] = [];
    const b = importBlock(shared('pathfinder-feeder/0.11.1/block/mainnet_65000.json'), {
      onProgress: (p) => p.phase === 'access-sets' && progress.push(p.done),
    });
    expect(b.transactions).toHaveLength(236);
    expect(progress.at(-1)).toBe(236);
    expect(progress.length).toBeGreaterThan(10);
  });

  itShared('feeder state_update_with_block (0.13.1, 0.14.1 with 201 txs, pending)', () => {
    const b = importBlock(
      shared('pathfinder-feeder/0.14.1/state_update/sepolia_integration_3077642.json'),
    );
    expect(b.sourceFormats).toEqual(['feeder:state_update_with_block']);
    expect(b.transactions).toHaveLength(201);
    expect(b.stateDiff!.storage.length).toBeGreaterThan(0);
    // the last event-evidenced writer of a cell gets the final value from the block diff
    expect(
      b.transactions.some((t) =>
        t.accessSets.writes.some((w) => w.evidence === 'transfer_event' && w.value !== undefined),
      ),
    ).toBe(true);
    expect(
      importBlock(
        shared('pathfinder-feeder/0.13.1/state_update_with_block/sepolia_integration_9703.json'),
      ).transactions,
    ).toHaveLength(4);
    const p = importBlock(
      shared('pathfinder-feeder/0.13.1/state_update_with_block/sepolia_integration_pending.json'),
    );
    expect(p.warnings.join()).toMatch(/PENDING/);
  });

  itShared('feeder pre-confirmed block: per-transaction state diffs → inferred mode', () => {
    const b = importBlock(
      shared('pathfinder-feeder/0.14.0/preconfirmed_block/sepolia_integration_955821.json'),
    );
    expect(b.accessMode).toBe('inferred');
    expect(b.transactions).toHaveLength(9);
    expect(b.transactions[0].accessSets.writes.every((w) => w.evidence === 'state_diff')).toBe(
      true,
    );
  });

  itShared('feeder state updates alone (0.12.2, 0.13.2, 0.13.4)', () => {
    for (const f of [
      'pathfinder-feeder/0.12.2/state-update/350000.json',
      'pathfinder-feeder/0.13.2/state_update/sepolia_integration_35748.json',
      'pathfinder-feeder/0.13.4/state_update/sepolia_integration_63881.json',
    ]) {
      const b = importBlock(shared(f));
      expect(b.sourceFormats).toEqual(['feeder:state_update']);
      expect(b.transactions).toHaveLength(0);
      expect(b.stateDiff!.storage.length + b.stateDiff!.nonces.length).toBeGreaterThan(0);
    }
  });

  itShared(
    'feeder block traces (0.13.4 and older) give call trees; merged with the block by hash',
    () => {
      const t = importBlock(shared('pathfinder-feeder/0.13.4/traces/sepolia_testnet_30000.json'));
      expect(t.sourceFormats).toEqual(['feeder:traces']);
      expect(t.transactions).toHaveLength(4);
      expect(t.transactions[0].calls[1].calls.length).toBe(2);
      expect(
        importBlock(shared('pathfinder-feeder/traces/block_testnet_889_517.json')).transactions,
      ).toHaveLength(32);
      expect(
        importBlock(shared('pathfinder-feeder/traces/block_testnet_0.json')).transactions,
      ).toHaveLength(26);
    },
  );

  itShared('feeder block + state update combine in a bundle', () => {
    const bundle = makeBundle([
      JSON.parse(shared('pathfinder-feeder/0.13.4/block/sepolia_integration_63881.json')),
      JSON.parse(shared('pathfinder-feeder/0.13.4/state_update/sepolia_integration_63881.json')),
    ]);
    const b = importBlock(serializeBundle(bundle));
    expect(b.sourceFormats).toEqual(['stm-explorer-bundle', 'feeder:block', 'feeder:state_update']);
    expect(b.transactions).toHaveLength(4);
    expect(b.stateDiff).toBeDefined();
  });

  itShared('single-transaction traces and simulations are refused with a specific reason', () => {
    expect(() =>
      importBlock(shared('pathfinder-feeder/traces/transaction_testnet_0_0.json')),
    ).toThrow(/single transaction/);
    expect(() =>
      importBlock(shared('pathfinder-rpc/simulations/simulate_transaction.json')),
    ).toThrow(/simulateTransactions/);
  });
});

/** The hand-written samples' transaction hashes are made up: they import unchecked. */
const MADE_UP = { verifyTxHashes: false };

describe('hand-written samples', () => {
  it('feeder block with Cairo 0 Transfer events; sequencer fee side deferred', () => {
    const b = importBlock(local('feeder-block-minimal.json'), MADE_UP);
    expect(b.number).toBe(7);
    expect(b.sequencerAddress).toBe('0x5e9');
    expect(b.feeToken).toBe(ETH_TOKEN);
    const [a1lo, a1hi] = erc20BalanceCells(ETH_TOKEN, '0xa1');
    const [a2lo] = erc20BalanceCells(ETH_TOKEN, '0xa2');
    const [seqlo] = erc20BalanceCells(ETH_TOKEN, '0x5e9');
    expect(cells(b, 0, 'writes').sort()).toEqual([a1lo, a1hi, nonceCell(0xa1n)].sort());
    expect(b.transactions[0].accessSets.deferredWrites.map((w) => w.cell)).toContain(seqlo);
    expect(cells(b, 1, 'writes')).toEqual(expect.arrayContaining([a1lo, a2lo, nonceCell(0xa2n)]));
    expect(cells(b, 1, 'reads')).toContain(a1lo); // → edge 0 → 1 on a1's balance
    expect(cells(b, 1, 'reads')).not.toContain(seqlo);
    const nonceW = b.transactions[0].accessSets.writes.find((w) => w.cell === nonceCell(0xa1n))!;
    expect(nonceW).toMatchObject({ value: '0x5', evidence: 'inferred_rule' });
    // multicall decoded from calldata when there is no trace
    expect(b.transactions[0].calls[0].calls).toEqual([
      { contract: '0xc0', selector: '0x22', fromCalldata: true, calls: [] },
    ]);
    expect(b.transactions[0]).toMatchObject({
      steps: 1234,
      stepsUnit: 'n_steps',
      status: 'succeeded',
      fee: { amount: '0x10', unit: 'WEI' },
    });
  });

  it('feeder block + feeder traces as two parts: traces give the call tree', () => {
    const b = importBlockParts(
      [local('feeder-block-minimal.json'), local('feeder-traces-minimal.json')],
      MADE_UP,
    );
    expect(b.transactions[0].calls.map((c) => c.contract)).toEqual(['0xa1', '0xa1', ETH_TOKEN]);
    expect(b.transactions[0].calls[1].calls[0].contract).toBe('0xc0');
    expect(b.warnings.join()).toMatch(/traces present for 1 of 2/);
  });

  it('RPC 0.7 getBlockWithTxs in a JSON-RPC envelope', () => {
    const d = detectFormat(JSON.parse(local('rpc-block-with-txs-v07.json')));
    expect(d.format).toBe('rpc:getBlockWithTxs');
    expect(d.path).toBe('result');
    const b = importBlock(local('rpc-block-with-txs-v07.json'), MADE_UP);
    expect(b.rpcSpecVersion).toBe('0.7');
    expect(b.transactions.map((t) => t.type)).toEqual(['INVOKE', 'L1_HANDLER', 'DEPLOY_ACCOUNT']);
    expect(b.transactions[1].sender).toBe('0xbeef');
    expect(b.transactions.map((t) => t.status)).toEqual(['unknown', 'unknown', 'unknown']);
    // L1 handler: no nonce write; v3 deploy account pays in STRK
    expect(cells(b, 1, 'writes')).toEqual([]);
    expect(b.transactions[2].feeToken).toBe(STRK_TOKEN);
  });

  it('RPC 0.10.1 traces with initial_reads: real reads, blind writes, replaced class, unattributed', () => {
    const b = importBlock(local('rpc-traces-initial-reads.json'));
    const [t0, t1] = b.transactions;
    const r0 = new Map(t0.accessSets.reads.map((r) => [r.cell, r]));
    expect(r0.get(storageCell(0xc0n, 0x10n))).toEqual({
      cell: 's:0xc0:0x10',
      value: '0x4',
      evidence: 'initial_reads',
    });
    // 0xc0:0x11 was written but never read from pre-block state: a blind write, no read
    expect(r0.has(storageCell(0xc0n, 0x11n))).toBe(false);
    // 0xc0:0x99 was read (initial_reads) and tx0's call tree touches 0xc0 → attributed to tx0
    expect(r0.get(storageCell(0xc0n, 0x99n))).toMatchObject({
      value: '0x2a',
      evidence: 'initial_reads',
    });
    expect(r0.get(classCell(0xa1n))).toMatchObject({ value: '0xacc', evidence: 'initial_reads' });
    // tx1 reads the cell tx0 wrote: inferred, with tx0's value
    const r1 = new Map(t1.accessSets.reads.map((r) => [r.cell, r]));
    expect(r1.get('s:0xc0:0x10')).toEqual({
      cell: 's:0xc0:0x10',
      value: '0x5',
      evidence: 'inferred_rule',
    });
    expect(t1.accessSets.writes.find((w) => w.cell === 'c:0xc0')).toEqual({
      cell: 'c:0xc0',
      value: '0xc1a56',
      evidence: 'state_diff',
    });
    // class cell of 0xc0 was replaced without reading it (not in initial_reads)
    expect(r1.has('c:0xc0')).toBe(false);
    expect(t0.steps).toBe(5000);
  });

  it('presets: all build, import, and agree between traces and events', () => {
    for (const p of PRESETS) {
      const bundle = buildPresetBundle(p.name);
      const full = importBlock(serializeBundle(bundle));
      expect(full.accessMode).toBe('inferred');
      expect(full.transactions).toHaveLength(p.txs.length);
      expect(full.rpcSpecVersion).toBe('0.8.1');
      // the block alone does not name the presets' made-up chain: the option does
      const eventsOnly = importBlock(bundle.block, { chainId: PRESET_CHAIN_ID });
      expect(eventsOnly.accessMode).toBe('partial');
      for (let i = 0; i < p.txs.length; i++) {
        // every balance write revealed by an event is a real (state diff) write
        const exact = new Set(full.transactions[i].accessSets.writes.map((w) => w.cell));
        const lows = eventsOnly.transactions[i].accessSets.writes
          .filter((w) => w.evidence === 'transfer_event')
          .map((w) => w.cell);
        const realLows = lows.filter((c) => exact.has(c));
        expect(realLows.length * 2).toBe(lows.length); // the high limbs (key+1) are not written
      }
    }
    const b = importBlock(buildPresetBundle('counter-and-transfers'));
    expect(b.transactions[3].status).toBe('reverted');
    expect(cells(b, 2, 'reads')).toContain('s:0xc0:0x10');
    expect(cells(b, 3, 'writes')).not.toContain('s:0xc0:0x10');
    expect(b.transactions.every((t) => t.accessSets.deferredWrites.length === 1)).toBe(true);
  });
});
