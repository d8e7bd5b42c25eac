import { Injectable, Logger } from '@nestjs/common';
import { createMetricsRegistry } from '@tsf/observability';
import { Counter, Gauge, Histogram } from 'prom-client';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5];

/** The API's Prometheus metrics (served at /metrics), with the runtime's, on the process registry (labelled app="api"). */
@Injectable()
export class ApiMetrics {
  readonly registry = createMetricsRegistry('api');

  readonly httpDuration = new Histogram({
    name: 'tsf_api_http_request_duration_seconds',
    help: 'HTTP requests by route, method and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly forecastDuration = new Histogram({
    name: 'tsf_api_forecast_duration_seconds',
    help: 'Time to answer one forecast (model resolution, history, prediction), by outcome',
    labelNames: ['outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly predictBatchSize = new Histogram({
    name: 'tsf_api_predict_batch_size',
    help: 'Forecasts computed together in one forward pass',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128],
    registers: [this.registry],
  });

  readonly predictDuration = new Histogram({
    name: 'tsf_api_predict_duration_seconds',
    help: 'Model time of one batched prediction',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly cacheLookups = new Counter({
    name: 'tsf_api_cache_lookups_total',
    help: 'Lookups in the API caches (model: loaded forecasters; serving: production versions; history: recent points), by result',
    labelNames: ['cache', 'result'] as const,
    registers: [this.registry],
  });

  private modelCacheSize: (() => { entries: number; bytes: number }) | undefined;

  /** Read at each scrape by what `measureModelCacheWith` set (served-models.ts). */
  readonly modelCacheEntries = new Gauge({
    name: 'tsf_api_model_cache_entries',
    help: 'Model versions loaded in this process',
    registers: [this.registry],
    collect: () => {
      if (this.modelCacheSize) this.modelCacheEntries.set(this.modelCacheSize().entries);
    },
  });

  readonly modelCacheBytes = new Gauge({
    name: 'tsf_api_model_cache_bytes',
    help: 'Bytes of weights (float32) the loaded model versions hold in this process (bounded by TSF_API_MODEL_CACHE_BYTES)',
    registers: [this.registry],
    collect: () => {
      if (this.modelCacheSize) this.modelCacheBytes.set(this.modelCacheSize().bytes);
    },
  });

  /** What the model-cache gauges read at each scrape. */
  measureModelCacheWith(size: () => { entries: number; bytes: number }): void {
    this.modelCacheSize = size;
  }

  readonly modelLoadDuration = new Histogram({
    name: 'tsf_api_model_load_seconds',
    help: 'Time to read and load one model version into the cache (a miss, a warm-up at start or on promotion)',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly rejected = new Counter({
    name: 'tsf_api_rejected_total',
    help: 'Requests refused by a limit before any work (rate: requests/s; cost: work units/s; cost_burst and forecast_values: one request too big; auth_failures: failed authentications per address)',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });

  private staleSeriesCount: (() => Promise<number>) | undefined;

  /** Read at each scrape by what `countStaleSeriesWith` set (the series module); NaN when that read fails, so that a failure never reads as 0. */
  readonly staleSeries = new Gauge({
    name: 'tsf_series_stale',
    help: 'Series whose last point is more than TSF_STALE_AFTER_STEPS steps of their frequency old (which ones: GET /v1/series, field stale); every API process reports the same count',
    registers: [this.registry],
    collect: async () => {
      if (!this.staleSeriesCount) return;
      const count = await this.staleSeriesCount().catch((error: unknown) => {
        new Logger('Metrics').warn(`tsf_series_stale not read: ${error instanceof Error ? error.message : String(error)}`);
        return Number.NaN;
      });
      this.staleSeries.set(count);
    },
  });

  /** Sets how tsf_series_stale is counted at each scrape. */
  countStaleSeriesWith(count: () => Promise<number>): void {
    this.staleSeriesCount = count;
  }

  readonly keyLookups = new Counter({
    name: 'tsf_api_key_lookups_total',
    help: 'API keys read from the database (a cached key, or an id cached as unknown, costs none)',
    registers: [this.registry],
  });
}
