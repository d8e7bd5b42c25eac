import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { PG_POOL, readRecentTimestampsOfSeries, type SeriesRecentTimestamps } from '@tsf/db';
import { type Frequency, frequencyInForce, isStale } from '@tsf/forecasting';
import type { Pool } from 'pg';
import { API_CONFIG, type ApiConfig } from '../api-config';
import { EventLoopSlices } from '../http/event-loop-slices';
import { ApiMetrics } from '../metrics/api-metrics';

/** Timestamps a frequency is inferred from when many series are judged at once (one series' GET reads up to 100,000). */
export const STALENESS_TIMESTAMPS = 100;
/** How long a frequency inferred for staleness is used before it is inferred again from fresh timestamps. */
export const INFERRED_FREQUENCY_TTL_MS = 10 * 60_000;
/** Most series whose inferred frequency is remembered (beyond, the memory starts over). */
const MAX_REMEMBERED = 1_000_000;

/**
 * Staleness of many series at once, for the series list and the `tsf_series_stale` gauge (counted from Postgres at
 * each scrape): each series' declared frequency, or one inferred from its last STALENESS_TIMESTAMPS timestamps. An
 * inferred frequency is remembered for INFERRED_FREQUENCY_TTL_MS, so that a scrape reads one timestamp per series, not
 * a hundred, for all but the series whose frequency is due to be inferred again.
 */
@Injectable()
export class StaleSeries implements OnModuleInit {
  private readonly inferred = new Map<number, { frequency: Frequency; until: number }>();

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly metrics: ApiMetrics,
    private readonly slices: EventLoopSlices,
  ) {}

  onModuleInit(): void {
    this.metrics.countStaleSeriesWith(async () => (await this.keys()).size);
  }

  /** The keys of the stale series among `ids` (every series without). */
  async keys(ids?: readonly number[]): Promise<Set<string>> {
    const stale = new Set<string>();
    if (ids?.length === 0) return stale;
    const now = Date.now();
    const known = [...this.inferred].filter(([, memo]) => memo.until > now).map(([id]) => id);
    for (const series of await readRecentTimestampsOfSeries(this.pool, { ids, last: STALENESS_TIMESTAMPS, known })) {
      if (await this.slices.run(() => this.isStale(series, now))) stale.add(series.key);
    }
    return stale;
  }

  /** A series without points, or without a frequency in force (too few points to infer one), is not stale: there is no step to count. */
  private isStale(series: SeriesRecentTimestamps, now: number): boolean {
    const { timestamps, timeZone } = series;
    if (timestamps.length === 0) return false;
    const frequency = series.frequency ?? this.inferredFrequency(series, now);
    return frequency !== null && isStale(timestamps[timestamps.length - 1], frequency, timeZone, now, this.config.TSF_STALE_AFTER_STEPS);
  }

  /** The frequency remembered for a series without a declared one, or inferred now from its timestamps (and remembered when there is one). */
  private inferredFrequency({ id, timestamps, timeZone }: SeriesRecentTimestamps, now: number): Frequency | null {
    const memo = this.inferred.get(id);
    if (memo && memo.until > now) return memo.frequency;
    const frequency = frequencyInForce(null, timestamps, timeZone)?.frequency ?? null;
    if (frequency === null) return null; // too few points yet: inferred again at the next read
    if (this.inferred.size >= MAX_REMEMBERED) this.inferred.clear();
    this.inferred.set(id, { frequency, until: now + INFERRED_FREQUENCY_TTL_MS });
    return frequency;
  }
}
