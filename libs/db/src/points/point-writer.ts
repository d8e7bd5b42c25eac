import type { Pool } from 'pg';

export interface SeriesBatch {
  series: string;
  labels?: Record<string, string>;
  points: { ts: number; value: number }[];
}

/** What one write changed in one series: the payload of a series-updated event. */
export interface SeriesWriteStats {
  series: string;
  points: number;
  firstTs: number;
  lastTs: number;
}

const UPSERT_SERIES = `
  INSERT INTO series (key, labels)
  SELECT key, labels FROM unnest($1::text[], $2::jsonb[]) AS u(key, labels)
  ON CONFLICT (key) DO UPDATE SET key = EXCLUDED.key
  RETURNING id, key`;

const UPSERT_POINTS = `
  INSERT INTO points (series_id, ts, value)
  SELECT series_id, to_timestamp(ms / 1000.0), value FROM unnest($1::int[], $2::float8[], $3::float8[]) AS u(series_id, ms, value)
  ON CONFLICT (series_id, ts) DO UPDATE SET value = EXCLUDED.value`;

/**
 * Idempotent point storage: (series, ts) is the identity and the latest value wins, so a redelivered batch
 * changes nothing. Unknown series are registered on first sight with their labels (later labels do not
 * overwrite them). Steady state is one round trip per batch: series ids are cached after first sight.
 */
export class PointWriter {
  private readonly seriesIds = new Map<string, number>();

  constructor(private readonly pool: Pool) {}

  async write(batches: SeriesBatch[]): Promise<SeriesWriteStats[]> {
    const merged = mergeBatches(batches);
    if (merged.size === 0) return [];
    await this.registerSeries(merged);

    const seriesIds: number[] = [];
    const timestamps: number[] = [];
    const values: number[] = [];
    const stats: SeriesWriteStats[] = [];
    for (const [series, { points }] of merged) {
      const id = this.seriesIds.get(series)!;
      let firstTs = Infinity;
      let lastTs = -Infinity;
      for (const [ts, value] of points) {
        seriesIds.push(id);
        timestamps.push(ts);
        values.push(value);
        firstTs = Math.min(firstTs, ts);
        lastTs = Math.max(lastTs, ts);
      }
      stats.push({ series, points: points.size, firstTs, lastTs });
    }
    const result = await this.pool.query(UPSERT_POINTS, [seriesIds, timestamps, values]);
    if (result.rowCount !== timestamps.length) {
      this.seriesIds.clear();
      throw new Error(`stored ${result.rowCount} of ${timestamps.length} points; a series was removed during the write`);
    }
    return stats;
  }

  private async registerSeries(merged: Map<string, MergedSeries>): Promise<void> {
    const unknown = [...merged.keys()].filter((key) => !this.seriesIds.has(key));
    if (unknown.length === 0) return;
    const labels = unknown.map((key) => JSON.stringify(merged.get(key)!.labels ?? {}));
    const { rows } = await this.pool.query<{ id: number; key: string }>(UPSERT_SERIES, [unknown, labels]);
    for (const row of rows) this.seriesIds.set(row.key, row.id);
  }
}

interface MergedSeries {
  labels?: Record<string, string>;
  points: Map<number, number>;
}

/** One entry per series, one value per timestamp: the last one given wins, as a redelivery would. */
function mergeBatches(batches: SeriesBatch[]): Map<string, MergedSeries> {
  const merged = new Map<string, MergedSeries>();
  for (const batch of batches) {
    let entry = merged.get(batch.series);
    if (!entry) {
      entry = { labels: batch.labels, points: new Map() };
      merged.set(batch.series, entry);
    }
    entry.labels ??= batch.labels;
    for (const point of batch.points) entry.points.set(point.ts, point.value);
  }
  return merged;
}
