/**
 * The transforms a model derives from its training series when it is given none (`auto`, and an ESN whose spec has no
 * `transforms`): from whether every value is positive, the season, and the lookback alone, nothing tuned to one data set.
 */
import type { LevelSpec, TransformsSpec } from './transform-spec';

export interface TransformsProfile {
  /** Every value of every training series is > 0 (see allPositive). */
  readonly positive: boolean;
  /** The season in steps (1: none). */
  readonly season: number;
  /** The shortest lookback the transforms serve: a level is a season's mean only where every window holds a season. */
  readonly lookback: number;
}

/** The transforms, and why, in words. */
export interface DerivedTransforms {
  readonly transforms: TransformsSpec;
  readonly reason: string;
}

/** Whether every value of every series is > 0 (so that the log applies to each). */
export function allPositive(series: readonly ArrayLike<number>[]): boolean {
  return series.every((values) => Array.prototype.every.call(values, (v: number) => v > 0));
}

/**
 * Positive series (sales, loads, counts: multiplicative, errors relative to the level) are logged and not rescaled;
 * others are z-scored. Either way each window is shown minus its level: the mean of its last season (a level free of
 * the seasonal swing) where there is a season every window holds, else its last value.
 */
export function deriveTransforms({ positive, season, lookback }: TransformsProfile): DerivedTransforms {
  const level: LevelSpec = season > 1 && lookback >= season ? { mean: season } : 'last';
  const levelWords = level === 'last' ? 'its last value' : `the mean of its last ${season} (one season)`;
  return positive
    ? { transforms: { log: true, scale: 'none', level }, reason: `log values (every value is positive), each window minus ${levelWords}` }
    : { transforms: { scale: 'standard', level }, reason: `each series z-scored (some values are not positive, so no log), each window minus ${levelWords}` };
}
