import { Injectable, Logger, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import type { BatchForecastRequest, ForecastQuery, ForecastResponse } from '@tsf/contracts';
import { activeBackend } from '@tsf/forecasting';
import { VersionStore } from '@tsf/registry';
import { toProblem } from '../http/problem';
import { ApiMetrics } from '../metrics/api-metrics';
import { HistoryCache } from './history-cache';
import { ModelCache } from './model-cache';
import { holdoutRmseOf, quantileBand } from './quantile-band';
import { type ServingVersion, ServingResolver } from './serving-resolver';

export type ForecastOptions = ForecastQuery;

export interface BatchForecastResult {
  series: string;
  status: number;
  forecast?: ForecastResponse;
  problem?: ReturnType<typeof toProblem>;
}

/** Forecasts: the serving version, its cached forecaster, the series' recent history, one (batched) prediction. */
@Injectable()
export class ForecastService {
  private readonly logger = new Logger('Forecasts');
  private backendName: string | undefined;

  constructor(
    private readonly resolver: ServingResolver,
    private readonly models: ModelCache,
    private readonly versions: VersionStore,
    private readonly history: HistoryCache,
    private readonly metrics: ApiMetrics,
  ) {}

  async forecast(seriesKey: string, options: ForecastOptions): Promise<ForecastResponse> {
    const stop = this.metrics.forecastDuration.startTimer();
    try {
      const forecast = await this.compute(seriesKey, options);
      stop({ outcome: 'ok' });
      return forecast;
    } catch (error) {
      stop({ outcome: 'error' });
      throw error;
    }
  }

  /** Many forecasts at once; each succeeds or fails on its own, with the status and problem it alone would have had. */
  async forecastMany(request: BatchForecastRequest): Promise<{ results: BatchForecastResult[] }> {
    const results = await Promise.all(
      request.requests.map(({ series, ...options }) =>
        this.forecast(series, options).then(
          (forecast): BatchForecastResult => ({ series, status: 200, forecast }),
          (error: unknown): BatchForecastResult => {
            const problem = toProblem(error);
            if (problem.status >= 500) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
            return { series, status: problem.status, problem };
          },
        ),
      ),
    );
    return { results };
  }

  private async compute(seriesKey: string, options: ForecastOptions): Promise<ForecastResponse> {
    const { model, version } = await this.resolver.resolve(seriesKey, options);
    const rmse = options.quantiles ? this.spreadOf(version) : null;
    const served = await this.models.get(version.id, () => this.versions.loadArtifact(version));
    const recent = await this.history.recent(seriesKey, served.minHistory);
    if (!recent) throw new NotFoundException({ title: 'Series not found', detail: `no series ${seriesKey}` });
    const { data, stepMs } = recent;
    if (data.values.length < served.minHistory) {
      throw new UnprocessableEntityException({
        title: 'Not enough history',
        detail: `model ${model.name} needs at least ${served.minHistory} points of ${seriesKey}; it has ${data.values.length}`,
        minimumPoints: served.minHistory,
        availablePoints: data.values.length,
      });
    }
    const values = await served.batcher.predict(data.values, options.horizon);
    const last = data.timestamps[data.timestamps.length - 1];
    return {
      series: seriesKey,
      model: model.name,
      version: version.version,
      backend: (this.backendName ??= activeBackend()?.name ?? 'unknown'),
      horizon: options.horizon,
      generatedAt: new Date().toISOString(),
      points: values.map((value, i) => ({
        ts: new Date(last + (i + 1) * stepMs).toISOString(),
        value,
        ...(rmse === null ? {} : { quantiles: quantileBand(value, options.quantiles!, rmse) }),
      })),
    };
  }

  private spreadOf(version: ServingVersion): number {
    const rmse = holdoutRmseOf(version.metrics);
    if (rmse === null) {
      throw new UnprocessableEntityException({
        title: 'No quantiles for this version',
        detail: `version ${version.version} has no holdout RMSE in its metrics to derive quantiles from`,
        errors: [{ field: 'quantiles', message: 'not available for this version' }],
      });
    }
    return rmse;
  }
}
