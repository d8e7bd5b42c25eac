import { Injectable, Logger, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import type { BatchForecastRequest, ForecastQuery, ForecastResponse } from '@tsf/contracts';
import { activeBackend, forecastSteps, type PredictInputs, quantileMethodsOf, quantilesAt, type QuantileSources, windowScale } from '@tsf/forecasting';
import { gridPolicyOf } from '@tsf/registry';
import { EventLoopSlices } from '../http/event-loop-slices';
import { toProblem } from '../http/problem';
import { ApiMetrics } from '../metrics/api-metrics';
import type { ForecastTiming } from './forecast-timing';
import { HistoryCache } from './history-cache';
import { type ServedModel, ServedModels } from './served-models';
import { type ServingVersion, ServingResolver } from './serving-resolver';
import { calibrationOf } from './version-calibration';

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
    private readonly models: ServedModels,
    private readonly history: HistoryCache,
    private readonly metrics: ApiMetrics,
    private readonly slices: EventLoopSlices,
  ) {}

  /** One forecast; `timing`, when given, is marked at the end of each stage (resolve, model, history, predict). */
  async forecast(seriesKey: string, options: ForecastOptions, timing?: ForecastTiming): Promise<ForecastResponse> {
    const stop = this.metrics.forecastDuration.startTimer();
    try {
      const forecast = await this.compute(seriesKey, options, timing);
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

  private async compute(seriesKey: string, options: ForecastOptions, timing?: ForecastTiming): Promise<ForecastResponse> {
    const { model, version } = await this.resolver.resolve(seriesKey, options);
    timing?.mark('resolve');
    return this.models.use(version, async (served) => {
      timing?.mark('model');
      const read = await this.history.onGrid(seriesKey, served.historyPoints, gridPolicyOf(model));
      timing?.mark('history');
      if (!read) throw new NotFoundException({ title: 'Series not found', detail: `no series ${seriesKey}` });
      // the model forecasts from what it was trained on: the series on its grid, from its last long gap on
      const { history: recent, onGrid } = read;
      if (onGrid.values.length < served.minHistory) {
        throw new UnprocessableEntityException({
          title: 'Not enough history',
          detail: `model ${model.name} needs at least ${served.minHistory} points of ${seriesKey} on its grid since its last long gap; it has ${onGrid.values.length}`,
          minimumPoints: served.minHistory,
          availablePoints: onGrid.values.length,
        });
      }
      // the forecast's steps on the grid, which a model with calendar inputs reads too
      const { instants } = forecastSteps(onGrid.lastTs, options.horizon, {
        frequency: onGrid.frequency?.frequency ?? null,
        timeZone: recent.timeZone,
        fallbackStepMs: recent.fallbackStepMs,
      });
      // the series' key and labels, which a model with embeddings learned vectors for
      const inputs: PredictInputs = { timestamps: onGrid.timestamps, timeZone: recent.timeZone, futureTimestamps: instants, key: seriesKey, labels: recent.data.labels };
      const { values, quantiles } = await this.predict(served, version, onGrid.values, inputs, options);
      const unknown = served.forecaster.embeddingFallbacks?.(inputs) ?? [];
      timing?.mark('predict');
      // the forecasts of a batch resolve together; each is shaped in a slice of the event loop
      return this.slices.run(() => {
        return {
          series: seriesKey,
          model: model.name,
          version: version.version,
          backend: (this.backendName ??= activeBackend()?.name ?? 'unknown'),
          horizon: options.horizon,
          generatedAt: new Date().toISOString(),
          frequency: onGrid.frequency?.text ?? null,
          timeZone: recent.timeZone,
          points: values.map((value, i) => ({
            ts: new Date(instants[i]).toISOString(),
            value,
            ...(quantiles ? { quantiles: quantilesAt(i, value, quantiles) } : {}),
          })),
          ...(quantiles ? { quantileMethods: quantiles.methods } : {}),
          ...(unknown.length > 0 ? { embedding: { unknown } } : {}),
        };
      });
    });
  }

  /**
   * The point forecast (with `inputs` for calendar inputs), micro-batched with the others of this version; with quantiles, one pass of the model's
   * quantile head when it has any level asked for (its median is then the point forecast, as predict() answers).
   * Other levels are conformal offsets from the version's calibration (scaled by this history's spread for a global
   * model's), or normal bands for a version without one.
   */
  private async predict(
    served: ServedModel,
    version: ServingVersion,
    history: ArrayLike<number>,
    inputs: PredictInputs,
    options: ForecastOptions,
  ): Promise<{ values: number[]; quantiles?: QuantileSources }> {
    if (!options.quantiles) return { values: await served.batcher.predict(history, options.horizon, inputs) };
    const calibration = calibrationOf(version);
    const methods = quantileMethodsOf(options.quantiles, served.quantileLevels, calibration);
    const used = new Set(Object.values(methods));
    const rmse = used.has('normal-band') ? this.spreadOf(version) : null;
    const conformal =
      calibration && used.has('conformal')
        ? { calibration, scale: calibration.scale.kind === 'window-std' ? windowScale(history, calibration.scale.points) : 1 }
        : null;
    const fromModel = used.has('model') ? await served.forecaster.predictQuantiles(history, options.horizon, inputs) : null;
    const values = fromModel ? fromModel[String(0.5)] : await served.batcher.predict(history, options.horizon, inputs);
    return { values, quantiles: { methods, fromModel, conformal, rmse } };
  }

  /** The holdout RMSE the registry recorded in the version's metrics (`holdout.rmse`), the spread of its normal bands. */
  private spreadOf(version: ServingVersion): number {
    const rmse = (version.metrics as { holdout?: { rmse?: unknown } } | null)?.holdout?.rmse;
    if (typeof rmse !== 'number' || !Number.isFinite(rmse) || rmse < 0) {
      throw new UnprocessableEntityException({
        title: 'No quantiles for this version',
        detail: `version ${version.version} has no holdout RMSE in its metrics to derive a normal band from, and neither a quantile head nor a calibration with the levels asked for`,
        errors: [{ field: 'quantiles', message: 'not available for this version' }],
      });
    }
    return rmse;
  }
}
