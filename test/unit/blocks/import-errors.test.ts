import { describe, expect, it } from 'vitest';
import { ImportError, importBlock } from '../../../engine/blocks/import';
import { buildPresetBundle } from '../../../engine/blocks/import/presets';
import { local } from './helpers';

function err(fn: () => unknown): ImportError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return e as ImportError;
  }
  throw new Error('expected an ImportError');
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('malformed inputs give specific errors', () => {
  it('truncated JSON says so, with line and column', () => {
    const text = local('feeder-block-minimal.json');
    const e = err(() => importBlock(text.slice(0, 400)));
    expect(e.code).toBe('INVALID_JSON');
    expect(e.message).toMatch(/truncated/);
    const e2 = err(() => importBlock('{"transactions": [1,,2]}'));
    expect(e2.message).toMatch(/line 1, column \d+/);
    expect(err(() => importBlock('   ')).message).toMatch(/empty/);
  });

  it('wrong types name the field and the transaction', () => {
    const doc = JSON.parse(local('rpc-traces-initial-reads.json'));
    doc.traces[1].trace_root.state_diff.storage_diffs[0].storage_entries[0].key = 16;
    const e = err(() => importBlock(doc));
    expect(e.code).toBe('WRONG_TYPE');
    expect(e.path).toBe('traces[1].trace_root.state_diff.storage_diffs[0].storage_entries[0].key');
    expect(e.txIndex).toBe(1);
    expect(e.txHash).toBe('0x802');
    expect(e.message).toMatch(/expected a felt.*got number 16.*transaction #1 0x802/);

    const f = JSON.parse(local('feeder-block-minimal.json'));
    delete f.transaction_receipts[1].transaction_hash;
    expect(err(() => importBlock(f)).path).toBe('transaction_receipts[1].transaction_hash');

    const g = JSON.parse(local('feeder-block-minimal.json'));
    g.transactions[0].type = 'TELEPORT';
    expect(err(() => importBlock(g)).message).toMatch(
      /transactions\[0\]\.type: expected one of INVOKE_FUNCTION.*TELEPORT/,
    );

    const h = JSON.parse(local('feeder-block-minimal.json'));
    h.transactions = { a: 1 };
    expect(err(() => importBlock(h)).path).toBe('transactions');
  });

  it('an RPC transaction or trace of an unknown type names the types it takes', () => {
    const d = JSON.parse(local('rpc-block-with-txs-v07.json'));
    d.result.transactions[1].type = 'TELEPORT';
    const e = err(() => importBlock(d));
    expect(e.code).toBe('WRONG_TYPE');
    expect(e.message).toBe(
      'result.transactions[1].type: expected one of INVOKE, DECLARE, DEPLOY, DEPLOY_ACCOUNT, ' +
        'L1_HANDLER, got string "TELEPORT" (transaction #1 0x702)',
    );
    d.result.transactions[1].type = 7;
    expect(err(() => importBlock(d)).message).toBe(
      'result.transactions[1].type: expected a string, got number 7 (transaction #1 0x702)',
    );

    const t = JSON.parse(local('rpc-traces-initial-reads.json'));
    t.traces[1].trace_root.type = 'TELEPORT';
    const f = err(() => importBlock(t));
    expect(f.code).toBe('WRONG_TYPE');
    expect(f.message).toBe(
      'traces[1].trace_root.type: expected one of INVOKE, DECLARE, DEPLOY, DEPLOY_ACCOUNT, ' +
        'L1_HANDLER, got string "TELEPORT" (transaction #1 0x802)',
    );
    delete t.traces[1].trace_root.type;
    expect(err(() => importBlock(t)).message).toBe(
      'traces[1].trace_root.type: required field is missing (transaction #1 0x802)',
    );
  });

  it('unknown versions: bundle version, declared spec, RPC 0.6 header, RPC 0.5 receipts', () => {
    const b = clone(buildPresetBundle('independent')) as unknown as Record<string, unknown>;
    b.version = 2;
    const e = err(() => importBlock(b));
    expect(e.code).toBe('UNSUPPORTED_VERSION');
    expect(e.path).toBe('version');
    const s = clone(buildPresetBundle('independent')) as unknown as Record<string, unknown>;
    s.specVersion = '0.6.0';
    expect(err(() => importBlock(s)).message).toMatch(/spec version "0.6.0" is not supported/);
    expect(
      err(() => importBlock(local('feeder-block-minimal.json'), { specVersion: '1.2' })).code,
    ).toBe('UNSUPPORTED_VERSION');

    const v6 = JSON.parse(local('rpc-block-with-txs-v07.json'));
    delete v6.result.l1_data_gas_price;
    expect(err(() => importBlock(v6)).message).toMatch(
      /result\.l1_data_gas_price: .*0\.6 or older/,
    );

    const v5 = clone(buildPresetBundle('independent')) as unknown as {
      block: { transactions: { receipt: Record<string, unknown> }[] };
    };
    v5.block.transactions[3].receipt.actual_fee = '0x10';
    const e5 = err(() => importBlock(v5));
    expect(e5.path).toBe('block.transactions[3].receipt.actual_fee');
    expect(e5.code).toBe('UNSUPPORTED_VERSION');
  });

  it('empty block', () => {
    const f = JSON.parse(local('feeder-block-minimal.json'));
    f.transactions = [];
    f.transaction_receipts = [];
    const e = err(() => importBlock(f));
    expect(e.code).toBe('EMPTY_BLOCK');
    expect(e.message).toMatch(/block 7 has no transactions/);
    expect(importBlock(f, { allowEmpty: true }).transactions).toEqual([]);
    expect(err(() => importBlock('[]')).code).toBe('EMPTY_BLOCK');
  });

  it('duplicate transaction hashes', () => {
    const f = JSON.parse(local('feeder-block-minimal.json'));
    f.transactions[1].transaction_hash = '0x0071';
    f.transaction_receipts[1].transaction_hash = '0x71';
    const e = err(() => importBlock(f));
    expect(e.code).toBe('DUPLICATE_TX_HASH');
    expect(e.path).toBe('transactions[1].transaction_hash');
    expect(e.message).toMatch(/already used by transaction #0/);
  });

  it('unknown format, JSON-RPC error, mismatched parts', () => {
    const e = err(() => importBlock({ hello: 'world' }));
    expect(e.code).toBe('UNKNOWN_FORMAT');
    expect(e.message).toMatch(/top-level keys \[hello\]/);
    expect(err(() => importBlock('"just a string"')).code).toBe('UNKNOWN_FORMAT');
    const r = err(() =>
      importBlock({ jsonrpc: '2.0', id: 1, error: { code: 24, message: 'Block not found' } }),
    );
    expect(r.code).toBe('RPC_ERROR');
    expect(r.message).toMatch(/code 24: Block not found/);

    const f = JSON.parse(local('feeder-block-minimal.json'));
    f.transaction_receipts[0].transaction_hash = '0x99';
    expect(err(() => importBlock(f)).code).toBe('MISMATCH');

    const b = clone(buildPresetBundle('independent')) as unknown as {
      traces: { transaction_hash: string }[];
    };
    b.traces[2].transaction_hash = '0x123';
    const m = err(() => importBlock(b));
    expect(m.code).toBe('MISMATCH');
    expect(m.path).toBe('traces[2].transaction_hash');
  });
});
