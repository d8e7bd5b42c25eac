import { type LabelSelector, trainingOptionsSchema } from '@tsf/contracts';
import { windowCount } from '@tsf/forecasting';
import type { Pool } from 'pg';

/** What the training windows of a model depend on: its series, its window sizes and how many recent points it trains on. */
export interface WindowSource {
  seriesKey?: string | null;
  selector?: LabelSelector | unknown;
  lookback: number;
  horizon: number;
  training?: unknown;
}

/**
 * Counts each series' points, at most `maxPoints` of them (LIMIT NULL counts all), on the points' primary key: the
 * count stops at the cap instead of reading a long series whole.
 */
const CAPPED_POINT_COUNTS = `
  SELECT (SELECT count(*) FROM (SELECT 1 FROM points p WHERE p.series_id = s.id LIMIT $3) recent)::int AS points
    FROM series s
   WHERE ($1::text IS NOT NULL AND s.key = $1) OR ($2::jsonb IS NOT NULL AND s.labels @> $2::jsonb)`;

/**
 * The training windows a job would have, from the points stored now: an upper bound of what the trainer reads (it
 * holds some windows out for validation and puts the points on the series' grid first).
 */
export class TrainingWindows {
  constructor(private readonly pool: Pool) {}

  async count(source: WindowSource): Promise<number> {
    const { maxPoints } = trainingOptionsSchema.parse(source.training ?? {});
    const selector = source.seriesKey || source.selector == null ? null : JSON.stringify(source.selector);
    const { rows } = await this.pool.query<{ points: number }>(CAPPED_POINT_COUNTS, [source.seriesKey ?? null, selector, maxPoints ?? null]);
    return rows.reduce((sum, row) => sum + windowCount(row.points, source.lookback, source.horizon), 0);
  }
}
