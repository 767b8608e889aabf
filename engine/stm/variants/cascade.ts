/** Shared by the `naive` and `selective` policies: aborting one more transaction in a cascade. */
import { ABORT_CASCADE, EV_ABORT } from '../events';
import type { Simulation } from '../simulator';

/**
 * Abort tx j's EXECUTED incarnation because `cause` was aborted (CASCADE_ABORT): its writes
 * become ESTIMATEs and an abort event is logged on core c at t. False if j was not EXECUTED.
 * The caller lowers execution_idx to the lowest index aborted.
 */
export function cascadeAbort(sim: Simulation, c: number, t: number, j: number, cause: number) {
  const inc = sim.sched.incarnation[j];
  if (!sim.sched.cascadeAbort(j)) return false;
  sim.mv.convertWritesToEstimates(j);
  const end = t + sim.cm.abortCost;
  sim.log.add(EV_ABORT, c, t, end, j, inc, ABORT_CASCADE, -1, cause, sim.execEvent[j]);
  return true;
}
