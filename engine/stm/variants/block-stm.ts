/**
 * `block-stm`: the paper's algorithm as it is (Gelashvili et al., PPoPP 2023). The machine in
 * simulator.ts already is Block-STM; this policy adds nothing. The sequencer-fee credit is applied
 * inline, as a read-modify-write of each transaction.
 */
import type { PolicyFactory } from '../simulator';

export const blockStm: PolicyFactory = () => ({ inlineFee: true });
