import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { PG_POOL, readRecentTimestampsOfSeries } from '@tsf/db';
import { seriesIsStale } from '@tsf/forecasting';
import type { Pool } from 'pg';
import { API_CONFIG, type ApiConfig } from '../api-config';
import { EventLoopSlices } from '../http/event-loop-slices';
import { ApiMetrics } from '../metrics/api-metrics';

/** Timestamps a frequency is inferred from when many series are judged at once (one series' GET reads up to 100,000). */
export const STALENESS_TIMESTAMPS = 100;

/**
 * Staleness of many series at once, for the series list and the `tsf_series_stale` gauge (counted from Postgres at
 * each scrape): each series' declared frequency, or one inferred from its last STALENESS_TIMESTAMPS timestamps.
 */
@Injectable()
export class StaleSeries implements OnModuleInit {
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
    for (const series of await readRecentTimestampsOfSeries(this.pool, { ids, last: STALENESS_TIMESTAMPS })) {
      if (await this.slices.run(() => seriesIsStale(series.timestamps, series, now, this.config.TSF_STALE_AFTER_STEPS))) stale.add(series.key);
    }
    return stale;
  }
}
