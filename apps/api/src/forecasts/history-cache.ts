import { Inject, Injectable } from '@nestjs/common';
import { PG_POOL, readSeries, type SeriesData } from '@tsf/db';
import { frequencyInForce, type FrequencyInForce } from '@tsf/forecasting';
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

/** Points read beyond what the model needs, to infer the series' frequency. */
const STEP_WINDOW = 51;
const MAX_ENTRIES = 100_000;

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

  private async read(seriesKey: string, points: number): Promise<RecentHistory | null> {
    const data = await readSeries(this.pool, seriesKey, { last: Math.max(points, STEP_WINDOW) });
    if (!data) return null;
    const frequency = frequencyInForce(data.frequency, data.timestamps, data.timeZone);
    return { data, frequency, timeZone: data.timeZone, fallbackStepMs: seriesStepMs(data.timestamps) };
  }
}
