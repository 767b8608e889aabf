/**
 * The comparison itself, offline: against the unit tests' mock node (engine/starknet's own demo
 * block served over JSON-RPC), where the expected differences are known by construction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildChain,
  corruptStateDiff,
  MIXED_TXS,
  serveChain,
  type MockServer,
} from '../unit/reexecute/mock-chain';
import { compareBlock, differenceGroups, figures, reasonMatches } from './compare';

describe('truth comparison (mock node)', () => {
  let m: MockServer;
  const chain = buildChain([...MIXED_TXS]);
  corruptStateDiff(chain, 2, '0x1234');
  beforeAll(async () => {
    m = await serveChain(chain);
  });
  afterAll(() => m.close());

  it('names each differing field per transaction, and nothing else', async () => {
    const b = await compareBlock(m.url, 'mock', chain.blockNumber);
    expect(b.txs).toHaveLength(MIXED_TXS.length);
    const groups = Object.fromEntries(differenceGroups([b]));
    // the mock's receipts carry no events (ours have the ERC20/AMM/NFT events and the fee
    // transfer's), its block names no Starknet version (no fee constants: fee fields unmeasured), and
    // tx #2's trace diff was corrupted
    expect(groups).toEqual({
      'mock events INVOKE': 5,
      'mock l1_gas INVOKE': 5,
      'mock l1_data_gas INVOKE': 5,
      'mock l2_gas INVOKE': 5,
      'mock actual_fee INVOKE': 5,
      'mock state_diff INVOKE': 1,
    });
    const sd = b.txs[2].differences.find((d) => d.field === 'state_diff')!;
    expect(sd).toMatchObject({ expected: '0x1234' });
    const f = figures([b]);
    expect(f).toMatchObject({ transactions: 5, exactRatio: 0, feeEqualRatio: 0, gasEqualRatio: 0 });
  });

  it('compares revert reasons by their panic data', () => {
    const node =
      "Transaction execution has failed:\n0: Error in the called contract (contract address: 0x1):\nExecution failed. Failure reason:\n0x753235365f737562204f766572666c6f77 ('u256_sub Overflow').\n";
    expect(reasonMatches(node, 'panic: u256_sub Overflow')).toBe(true);
    expect(reasonMatches(node, 'panic: u256_sub Overflow, ENTRYPOINT_FAILED')).toBe(false);
    expect(reasonMatches('', 'panic: x')).toBe(false);
  });
});
