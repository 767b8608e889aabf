/**
 * The bouncer weights an execution knows (engine/stm/bouncer.ts, README "The bouncer"): what
 * blockifier 0.20.0-rc.0 takes from the receipt's resources in `get_tx_weights` (src/bouncer.rs).
 *  - n_events: `archival_data.event_summary.n_events`, the events of every call info of the
 *    transaction (validate, execute, fee transfer; a failed call keeps none);
 *  - message_segment_length: `get_message_segment_length` (src/fee/gas_usage.rs): per L2→L1
 *    message L2_TO_L1_MSG_HEADER_SIZE (3) + its payload; an L1 handler adds
 *    L1_TO_L2_MSG_HEADER_SIZE (5) + its payload (calldata without from_address)
 *    (constants in src/abi/constants.rs).
 * Sierra gas is left to the engine (cost × step_gas_cost: our cost is steps + syscall gas / 100);
 * l1_gas, proving_gas and receipt_l2_gas are not computed.
 */
import type { ExecWeights } from '../stm/types';
import type { CallInfo } from './execution';
import { collectEvents, collectMessages, type TxExecution } from './transactions';

const L2_TO_L1_MSG_HEADER_SIZE = 3;
const L1_TO_L2_MSG_HEADER_SIZE = 5;

export function execWeights(ex: TxExecution): ExecWeights {
  const calls: (CallInfo | undefined)[] = [ex.validate, ex.execute, ex.feeTransfer];
  let nEvents = 0;
  let segment = 0;
  for (const c of calls) {
    nEvents += collectEvents(c).length;
    for (const m of collectMessages(c)) segment += L2_TO_L1_MSG_HEADER_SIZE + m.payload.length;
  }
  if (ex.tx.kind === 'l1-handler')
    segment += L1_TO_L2_MSG_HEADER_SIZE + Math.max(0, ex.tx.calldata.length - 1);
  return { nEvents, messageSegmentLength: segment };
}
