import { Memory } from '../../../engine/vm/memory';
import { VirtualMachine } from '../../../engine/vm/vm';
import { feltFromBig, type Val } from '../../../engine/vm/felt';
import { isRel, mkRel, relOff, relSeg } from '../../../engine/vm/relocatable';
import { InMemoryState, TxState } from '../../../engine/starknet/state';
import {
  type CallInfo,
  ExecutionContext,
  SyscallHandler,
  emptyTxInfo,
  shortString,
} from '../../../engine/starknet/execution';

export const BLOCK = { blockNumber: 1000n, blockTimestamp: 1234n, sequencerAddress: 0x5e0n };

/** A fake VM memory + syscall handler for one call of `contract`. */
export function fakeSyscallEnv(
  pre = new InMemoryState(),
  contract = 0xc0n,
  caller = 0xca11n,
  starknetVersion?: string,
) {
  const state = new TxState(pre, pre);
  const tx = emptyTxInfo();
  tx.transactionHash = 0x7a5n;
  tx.signature = [11n, 22n];
  const ctx = new ExecutionContext(state, { ...BLOCK, starknetVersion }, tx);
  const call: CallInfo = {
    callType: 'Call',
    entryPointType: 'EXTERNAL',
    contract,
    classHash: 0n,
    caller,
    selector: 0x5e1n,
    calldata: [],
    retdata: [],
    failed: false,
    events: [],
    messages: [],
    inner: [],
    steps: 0,
    gasConsumed: 0n,
  };
  const h = new SyscallHandler(ctx, call);
  const vm = new VirtualMachine(new Memory());
  const mem = vm.mem;
  const array = (vals: bigint[]): [number, number] => {
    const s = mem.addSegmentRel();
    vals.forEach((v, i) => mem.setAt(mkRel(relSeg(s), i), feltFromBig(v)));
    return [s, mkRel(relSeg(s), vals.length)];
  };
  /** Issue a syscall; returns {gas, failed, fields (raw Vals), reason (if failed)}. */
  const syscall = (name: string, gas: bigint, fields: Val[], nResp: number) => {
    const seg = mem.addSegment();
    const cells: Val[] = [feltFromBig(shortString(name)), feltFromBig(gas), ...fields];
    cells.forEach((v, i) => mem.set(seg, i, v));
    h.handle(vm, mkRel(seg, 0));
    const r = cells.length;
    const failed = mem.get(seg, r + 1) === 1;
    const n = failed ? 2 : nResp;
    const out = Array.from({ length: n }, (_, i) => mem.get(seg, r + 2 + i)!);
    return {
      gas: BigInt(mem.get(seg, r)!),
      failed,
      fields: out,
      reason: failed ? readArr(out[0], out[1]) : [],
    };
  };
  const readArr = (s: Val, e: Val): bigint[] => {
    if (!isRel(s) || !isRel(e)) throw new Error('not pointers');
    const out: bigint[] = [];
    for (let i = relOff(s); i < relOff(e); i++) out.push(BigInt(mem.get(relSeg(s), i)!));
    return out;
  };
  const at = (p: Val, k: number): bigint => {
    if (!isRel(p)) throw new Error('not a pointer');
    return BigInt(mem.get(relSeg(p), relOff(p) + k)!);
  };
  const ptrAt = (p: Val, k: number): Val => {
    if (!isRel(p)) throw new Error('not a pointer');
    return mem.get(relSeg(p), relOff(p) + k)!;
  };
  return { state, ctx, call, h, vm, mem, array, syscall, readArr, at, ptrAt, pre };
}
