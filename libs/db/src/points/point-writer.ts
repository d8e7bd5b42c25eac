import { finished } from 'node:stream/promises';
import type { Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { COPY_POINTS, encodePointsCopy } from './points-copy';
import { groupBySeries, type SeriesBatch, type SeriesGroup } from './series-groups';

export type { SeriesBatch, TimedValue } from './series-groups';

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

/** Rows whose value is already stored are locked but not rewritten, so a redelivery leaves no dead tuples. */
const UPSERT_POINTS = `
  INSERT INTO points (series_id, ts, value)
  SELECT series_id, to_timestamp(ms / 1000.0), value FROM unnest($1::int[], $2::float8[], $3::float8[]) AS u(series_id, ms, value)
  ON CONFLICT (series_id, ts) DO UPDATE SET value = EXCLUDED.value WHERE points.value IS DISTINCT FROM EXCLUDED.value`;

const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

/** Series ids a writer keeps by default: about 100 bytes each, so some 100 MB at most. */
export const DEFAULT_SERIES_ID_CACHE = 1_000_000;

/**
 * Idempotent point storage: (series, ts) is the identity and the latest value wins, so a redelivered batch
 * changes nothing. Unknown series are registered on first sight with their labels (later labels do not
 * overwrite them), all of a write's unknown series in one statement; their ids are cached after that, the most
 * recently written `seriesIdCache` of them (memory stays bounded however many series there are; a series that
 * fell out is looked up again by the same statement, which changes nothing).
 *
 * Each write is one atomic statement. New points, the steady state, go in by binary COPY, the fastest way into
 * Postgres; when any of them is already stored (a redelivery, an overlap with another writer) the COPY fails as
 * a whole on the primary key and the write becomes an `unnest` upsert, which overwrites.
 */
export class PointWriter {
  private readonly seriesIds = new Map<string, number>();
  private readonly seriesIdCache: number;

  constructor(
    private readonly pool: Pool,
    options: { seriesIdCache?: number } = {},
  ) {
    this.seriesIdCache = options.seriesIdCache ?? DEFAULT_SERIES_ID_CACHE;
  }

  /** Series ids cached now (at most `seriesIdCache`). */
  get cachedSeries(): number {
    return this.seriesIds.size;
  }

  async write(batches: SeriesBatch[]): Promise<SeriesWriteStats[]> {
    const groups = groupBySeries(batches);
    if (groups.length === 0) return [];
    try {
      await this.store(groups, await this.idsOf(groups));
    } catch (error) {
      if (sqlState(error) !== FOREIGN_KEY_VIOLATION) throw error;
      // A cached series was deleted since it was registered: register it again and write once more.
      this.seriesIds.clear();
      await this.store(groups, await this.idsOf(groups));
    }
    return groups.map(({ series, points, firstTs, lastTs }) => ({ series, points, firstTs, lastTs }));
  }

  private async store(groups: SeriesGroup[], ids: Map<string, number>): Promise<void> {
    const client = await this.pool.connect();
    let failure: Error | undefined;
    // A checked-out client has no pool listener: a dropped connection would otherwise be an uncaught 'error' event.
    // The statement in flight fails with the same error, which is what the caller sees.
    const onConnectionError = (error: Error) => (failure ??= error);
    client.on('error', onConnectionError);
    try {
      await this.copyOrUpsert(client, groups, ids);
    } catch (error) {
      failure ??= error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      client.off('error', onConnectionError);
      // A client whose statement failed is dropped rather than reused: the failure may have been a dead connection.
      client.release(failure);
    }
  }

  private async copyOrUpsert(client: PoolClient, groups: SeriesGroup[], ids: Map<string, number>): Promise<void> {
    try {
      await copyPoints(client, encodePointsCopy(groups, ids));
    } catch (error) {
      if (sqlState(error) !== UNIQUE_VIOLATION) throw error;
      await client.query(UPSERT_POINTS, upsertParameters(groups, ids));
    }
  }

  /**
   * The id of every series of a write: cached ones (moved to the recent end), the others registered in one statement
   * and cached, the least recently written dropped beyond the cache's size.
   */
  private async idsOf(groups: SeriesGroup[]): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    const unknown: SeriesGroup[] = [];
    for (const group of groups) {
      const id = this.seriesIds.get(group.series);
      if (id === undefined) {
        unknown.push(group);
        continue;
      }
      ids.set(group.series, id);
      this.seriesIds.delete(group.series);
      this.seriesIds.set(group.series, id);
    }
    if (unknown.length > 0) {
      const { rows } = await this.pool.query<{ id: number; key: string }>(UPSERT_SERIES, [
        unknown.map(({ series }) => series),
        unknown.map(({ labels }) => JSON.stringify(labels ?? {})),
      ]);
      for (const row of rows) {
        ids.set(row.key, row.id);
        this.seriesIds.set(row.key, row.id);
      }
    }
    for (const oldest of this.seriesIds.keys()) {
      if (this.seriesIds.size <= this.seriesIdCache) break;
      this.seriesIds.delete(oldest);
    }
    return ids;
  }
}

async function copyPoints(client: PoolClient, rows: Buffer): Promise<void> {
  const stream = client.query(copyFrom(COPY_POINTS));
  stream.end(rows);
  await finished(stream);
}

/** The upsert's three arrays as Postgres array literals, built directly (pg's own array serialisation is slower). */
function upsertParameters(groups: SeriesGroup[], seriesIds: Map<string, number>): [string, string, string] {
  const ids: number[] = [];
  const timestamps: number[] = [];
  const values: number[] = [];
  for (const group of groups) {
    const id = seriesIds.get(group.series)!;
    for (const run of group.runs) {
      for (const { ts, value } of run) {
        ids.push(id);
        timestamps.push(ts);
        values.push(value);
      }
    }
  }
  return [`{${ids.join(',')}}`, `{${timestamps.join(',')}}`, `{${values.join(',')}}`];
}

function sqlState(error: unknown): string | undefined {
  return (error as { code?: string } | null)?.code;
}
