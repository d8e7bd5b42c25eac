import type { BaselineFactory } from './baseline';
import { dlinear } from './dlinear';
import { drift, naive, seasonalNaive } from './naive';
import { naive2 } from './naive2';

/**
 * Every baseline by name, built from the task's season and horizon (dlinear looks back 14 seasons or 2 horizons). Each
 * forecasts any history of at least one value: shorter than its `minHistory`, it falls back as its `methodFor` says.
 */
export const baselines: Readonly<Record<string, BaselineFactory>> = {
  naive: () => naive(),
  seasonalNaive: ({ season }) => seasonalNaive(season),
  naive2: ({ season }) => naive2(season),
  drift: () => drift(),
  dlinear: ({ season, horizon }) => dlinear({ horizon, season, lookback: Math.max(2 * horizon, 14 * season) }),
};
