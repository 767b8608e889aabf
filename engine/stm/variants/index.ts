/** The Block-STM family's policies by variant name (oracle and sequential are their own simulations). */
import type { PolicyFactory } from '../simulator';
import { abortOnDependency } from './abort-on-dependency';
import { blockStm } from './block-stm';
import { blockifier } from './blockifier';
import { commitAsYouGo } from './commit-as-you-go';
import { naive } from './naive';
import { selective } from './selective';

export const POLICIES: Record<
  'block-stm' | 'naive' | 'selective' | 'commit-as-you-go' | 'abort-on-dependency' | 'blockifier',
  PolicyFactory
> = {
  'block-stm': blockStm,
  naive,
  selective,
  'commit-as-you-go': commitAsYouGo,
  'abort-on-dependency': abortOnDependency,
  blockifier,
};
