import { Inject, Injectable } from '@nestjs/common';
import { MAX_TIMESTAMPS_READ, PG_POOL, readSeries, type SeriesData } from '@tsf/db';
import {
  DEFAULT_GRID_TOLERANCE,
  frequencyInForce,
  type FrequencyInForce,
  type GridFrequency,
  type GridPolicy,
  gridStepOf,
  nominalStepMs,
  parseFrequency,
  seriesOnGrid,
  timeGrid,
} from '@tsf/forecasting';
import { seriesStepMs } from '@tsf/registry';
import type { Pool } from 'pg';
import { API_CONFIG, type ApiConfig } from '../api-config';
import { ApiMetrics } from '../metrics/api-metrics';

export interface RecentHistory {
  data: SeriesData;
  /** The frequency the forecast's steps are on: declared, else inferred from these points; null when neither. */
  frequency: FrequencyInForce | null;
  /** The zone of daily and longer steps. */
  timeZone: string;
  /** Without a frequency (fewer than 3 points to infer one from): the median recent gap, the forecast's spacing. */
  fallbackStepMs: number;
}

/** A model's view of recent history: the last segment of the series on its grid, with the model's grid policy. */
export interface GridHistory {
  /** One value per grid step, no step missing (the raw values when no frequency is in force). */
  values: Float64Array;
  /** The grid instant of each step (the raw timestamps when no frequency is in force), as many as `values`. */
  timestamps: Float64Array;
  /** The grid instant of the last step (the last point's timestamp when no frequency is in force); NaN without points. */
  lastTs: number;
  /** The grid's frequency: the model's own (its policy's) or the series' in force; null when none. */
  frequency: GridFrequency | null;
}

/** Points read beyond what the model needs, to infer the series' frequency. */
const STEP_WINDOW = 51;
const MAX_ENTRIES = 100_000;
/** The grid histories of each read, by policy: a burst of forecasts puts the same points on the same grid once. */
const onGridByRead = new WeakMap<RecentHistory, Map<string, GridHistory>>();

interface Entry {
  points: number;
  history: Promise<RecentHistory | null>;
  readAt: number;
  refreshing: boolean;
}

/**
 * The recent points of each series, read with one indexed query (the last N by (series_id, ts)) and reused, so that a
 * burst of forecasts of one series reads it once. An entry younger than TSF_API_HISTORY_TTL_MS is used as is; up to
 * twice that age it is still used while a fresh read replaces it in the background, so no forecast waits for the
 * database once its series is warm; older, the forecast waits for a fresh read. Forecasts thus use points at most
 * 2 × TTL old (points posted through this process drop the entry at once). The series' frequency is resolved with
 * its points and cached with them (a frequency or time zone declared through this process drops the entry too).
 */
@Injectable()
export class HistoryCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly metrics: ApiMetrics,
  ) {}

  /** At least the last `points` points of a series (fewer when it has fewer); null for an unknown series. */
  recent(seriesKey: string, points: number): Promise<RecentHistory | null> {
    const ttl = this.config.TSF_API_HISTORY_TTL_MS;
    if (ttl === 0) return this.read(seriesKey, points);
    const entry = this.entries.get(seriesKey);
    const age = entry && entry.points >= points ? performance.now() - entry.readAt : Number.POSITIVE_INFINITY;
    const result = age < ttl ? 'hit' : age < 2 * ttl ? 'stale' : 'miss';
    this.metrics.cacheLookups.inc({ cache: 'history', result });
    if (result === 'miss') return this.load(seriesKey, Math.max(points, entry?.points ?? 0)).history;
    if (result === 'stale' && !entry!.refreshing) {
      entry!.refreshing = true;
      this.load(seriesKey, entry!.points, entry!.history);
    }
    return entry!.history;
  }

  /**
   * The last `steps` grid steps (at least; fewer when the series has fewer) of a series as `policy` puts it on its grid,
   * from the last long gap on (see GridHistory); null for an unknown series.
   */
  async onGrid(seriesKey: string, steps: number, policy: GridPolicy): Promise<{ history: RecentHistory; onGrid: GridHistory } | null> {
    const points = policy.frequency === undefined ? steps : await this.pointsForSteps(seriesKey, steps, policy.frequency);
    const history = points === null ? null : await this.recent(seriesKey, points);
    if (!history) return null;
    let byPolicy = onGridByRead.get(history);
    if (!byPolicy) onGridByRead.set(history, (byPolicy = new Map()));
    const key = `${policy.aggregate}/${policy.maxGap}/${policy.frequency ?? ''}`;
    let onGrid = byPolicy.get(key);
    if (!onGrid) byPolicy.set(key, (onGrid = lastSegment(history, policy)));
    return { history, onGrid };
  }

  /**
   * Raw points that cover `steps` steps of a model's own `frequency` (coarser than the series'): steps × the number of
   * series steps in one of its steps, and one step more; null for an unknown series.
   */
  private async pointsForSteps(seriesKey: string, steps: number, frequency: string): Promise<number | null> {
    const probe = await this.recent(seriesKey, STEP_WINDOW);
    if (!probe) return null;
    const seriesStepMs = probe.frequency ? nominalStepMs(probe.frequency.frequency) : probe.fallbackStepMs;
    const perStep = Number.isFinite(seriesStepMs) && seriesStepMs > 0 ? Math.max(1, Math.ceil(nominalStepMs(parseFrequency(frequency)) / seriesStepMs)) : 1;
    return Math.min(MAX_TIMESTAMPS_READ, (steps + 1) * perStep);
  }

  forget(seriesKey: string): void {
    this.entries.delete(seriesKey);
  }

  /** Reads a series into the cache; with `current`, the entry keeps answering with it until the read is done. */
  private load(seriesKey: string, points: number, current?: Promise<RecentHistory | null>): Entry {
    const history = this.read(seriesKey, points);
    const entry: Entry = { points, history, readAt: performance.now(), refreshing: false };
    if (current) {
      history.then(
        () => this.entries.get(seriesKey)?.history === current && this.entries.set(seriesKey, entry),
        () => this.entries.get(seriesKey)?.history === current && this.entries.delete(seriesKey),
      );
      return entry;
    }
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(seriesKey, entry);
    history.catch(() => this.entries.get(seriesKey) === entry && this.entries.delete(seriesKey));
    return entry;
  }

  /**
   * The last `points` points (at least STEP_WINDOW); when a frequency is in force and they span fewer than `points`
   * grid steps (several points per step), every point of the last `points` + 1 steps instead (at most
   * MAX_TIMESTAMPS_READ), so that the grid history has the steps the model reads.
   */
  private async read(seriesKey: string, points: number): Promise<RecentHistory | null> {
    const last = Math.max(points, STEP_WINDOW);
    let data = await readSeries(this.pool, seriesKey, { last });
    if (!data) return null;
    const frequency = frequencyInForce(data.frequency, data.timestamps, data.timeZone);
    if (frequency && data.values.length === last) {
      const grid = timeGrid(frequency.frequency, data.timeZone);
      const [first, final] = [data.timestamps[0], data.timestamps[last - 1]].map((ts) => gridStepOf(grid, ts, DEFAULT_GRID_TOLERANCE));
      if (final - first + 1 < points) data = (await readSeries(this.pool, seriesKey, { from: new Date(grid.instant(final - points)), last: MAX_TIMESTAMPS_READ })) ?? data;
    }
    return { data, frequency, timeZone: data.timeZone, fallbackStepMs: seriesStepMs(data.timestamps) };
  }
}

/** The last segment of a read on its grid; the raw points when no frequency is in force. */
function lastSegment({ data, frequency: inForce, timeZone }: RecentHistory, policy: GridPolicy): GridHistory {
  const { frequency, segments } = seriesOnGrid({ timestamps: data.timestamps, values: data.values, frequency: data.frequency, timeZone }, policy, { inForce });
  const { values, timestamps } = frequency ? (segments.at(-1) ?? { values: new Float64Array(0), timestamps: new Float64Array(0) }) : data;
  return { values, timestamps, lastTs: timestamps.length > 0 ? timestamps[timestamps.length - 1] : Number.NaN, frequency };
}
