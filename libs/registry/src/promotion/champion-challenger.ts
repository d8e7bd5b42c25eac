import type { ErrorMetric, RetrainingPolicy } from '@tsf/contracts';
import type { HoldoutScore } from './holdout';

/** The outcome of champion/challenger for a new version, kept in its metrics. */
export interface PromotionDecision {
  stage: 'production' | 'staging';
  reason: string;
  metric: ErrorMetric;
  threshold: number;
  /** The production version it was compared with, scored on the same holdout; null when there was none. */
  champion: { version: number; holdout: HoldoutScore } | null;
}

/**
 * Champion/challenger: the challenger goes to production when its holdout error is below the champion's by at least
 * the policy's threshold (relative: 0.05 = 5 % lower), else to staging. Without a champion it goes to production.
 */
export function decidePromotion(
  challenger: HoldoutScore,
  champion: { version: number; holdout: HoldoutScore } | null,
  policy: RetrainingPolicy['promotion'],
): PromotionDecision {
  const { metric, threshold } = policy;
  const decision = (stage: PromotionDecision['stage'], reason: string): PromotionDecision => ({ stage, reason, metric, threshold, champion });
  const mine = challenger[metric];
  if (!Number.isFinite(mine)) return decision('staging', `holdout ${metric} is not finite`);
  if (!champion) return decision('production', 'no production version yet');
  const theirs = champion.holdout[metric];
  const bar = theirs * (1 - threshold);
  const vs = `${metric} ${format(mine)} vs v${champion.version}'s ${format(theirs)} on the same holdout`;
  if (!Number.isFinite(theirs) || mine < bar) return decision('production', `beats the champion: ${vs}`);
  return decision('staging', `does not beat the champion by ${format(threshold * 100)} %: ${vs}`);
}

const format = (value: number) => (Number.isFinite(value) ? Number(value.toPrecision(4)).toString() : String(value));
