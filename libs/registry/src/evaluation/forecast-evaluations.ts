import { type ForecastEvaluation, MAX_TIMESTAMPS_READ, type Model, type PrismaClient, readSeries } from '@tsf/db';
import { frequencyInForce, type GridPolicy, mae, ModelFormatError, nominalStepMs, parseFrequency, rmse, seriesOnGrid, smape } from '@tsf/forecasting';
import type { Pool } from 'pg';
import { gridPolicyOf } from '../models/grid-policy';
import { ArtifactIntegrityError } from '../versions/artifact-store';
import type { ForecasterCache } from '../versions/forecaster-cache';
import { actualsOfSteps, forecastToStore, storedForecastSteps } from './series-step';

const storedAt = ({ origin, stepMs }: { origin: number; stepMs: number }) => ({ originTs: new Date(origin), stepMs });

/**
 * The history a model forecasts a series from, as the API reads it: the last segment of the series on its grid with
 * the model's grid policy (the raw points when no frequency is in force), and that grid's frequency.
 */
function lastSegmentOnGrid(data: Parameters<typeof seriesOnGrid>[0], model: Pick<Model, 'grid'>) {
  const { segments, frequency } = seriesOnGrid(data, gridPolicyOf(model));
  return { ...(segments.at(-1) ?? { timestamps: [], values: [] }), frequency };
}

/** A model of its own frequency's actuals: the raw points of each of its steps aggregated by its policy (its steps' instants, missing steps absent). */
function stepAggregates(raw: Parameters<typeof seriesOnGrid>[0], policy: GridPolicy): { timestamps: Float64Array; values: Float64Array } {
  const { segments } = seriesOnGrid(raw, { ...policy, maxGap: 0 });
  return { timestamps: Float64Array.from(segments.flatMap((segment) => [...segment.timestamps])), values: Float64Array.from(segments.flatMap((segment) => [...segment.values])) };
}

/** A scored forecast for charts: when it was made from, by which version, and its errors (null when no actual matched). */
export type AccuracyPoint = Pick<ForecastEvaluation, 'versionId' | 'seriesId' | 'originTs' | 'evaluatedAt' | 'matched' | 'mae' | 'rmse' | 'smape'>;

/** Forecasts made for one series update; `unusable` names production versions whose artifact could not be loaded. */
export interface IssueReport {
  issued: number;
  unusable: { model: string; version: number; error: string }[];
}

/**
 * Accuracy over time of production versions: a forecast of each series a model serves is stored when the production
 * version makes it, and scored against the actuals once its horizon has passed. One forecast per (version, series) is
 * pending at a time, so forecasts tile the timeline without overlapping and the work per series update stays small.
 */
export class ForecastEvaluations {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly pool: Pool,
    private readonly forecasters: ForecasterCache,
  ) {}

  /**
   * Scores the pending forecasts of a series whose horizon the actuals now cover. Each step is scored against the
   * actual of its grid step (actualsOfSteps), the steps being those the API stamps (storedForecastSteps); for a model
   * of its own, coarser frequency, against the aggregate of the step's points by the model's grid policy, as it was
   * trained on them, once the step after the horizon has begun. Returns the ids of the models scored.
   */
  async scoreDue(seriesKey: string): Promise<number[]> {
    const due = await this.prisma.$queryRaw<
      { id: number; model_id: number; origin_ts: Date; step_ms: number; predicted: number[]; frequency: string | null; time_zone: string; grid: Model['grid'] }[]
    >`
      SELECT f.id, f.model_id, f.origin_ts, f.step_ms, f.predicted, s.frequency, s.time_zone, m.grid
        FROM forecast_evaluations f JOIN series s ON s.id = f.series_id JOIN models m ON m.id = f.model_id
       WHERE s.key = ${seriesKey} AND f.evaluated_at IS NULL
         AND f.origin_ts + make_interval(secs => f.step_ms * (cardinality(f.predicted) + CASE WHEN m.grid ? 'frequency' THEN 1 ELSE 0 END) / 1000.0)
             <= (SELECT max(p.ts) FROM points p WHERE p.series_id = s.id)`;
    for (const forecast of due) {
      const origin = forecast.origin_ts.getTime();
      const n = forecast.predicted.length;
      const end = origin + forecast.step_ms * n;
      const policy = gridPolicyOf(forecast);
      // the points of the horizon and one step past it (the last step's actual may be late), and those before it to infer a frequency from
      const [before, raw] = await Promise.all([
        forecast.frequency === null ? readSeries(this.pool, seriesKey, { to: new Date(origin + 1), last: 51 }) : null,
        readSeries(this.pool, seriesKey, { from: new Date(origin + 1), to: new Date(end + forecast.step_ms) }),
      ]);
      const actuals = raw && policy.frequency !== undefined ? stepAggregates(raw, policy) : raw;
      const timestamps = actuals?.timestamps ?? new Float64Array();
      const known = policy.frequency !== undefined ? { frequency: parseFrequency(policy.frequency) } : frequencyInForce(forecast.frequency, Float64Array.from([...(before?.timestamps ?? []), ...timestamps]), forecast.time_zone);
      const instants = storedForecastSteps(origin, forecast.step_ms, n, known?.frequency ?? null, forecast.time_zone);
      const actual: number[] = [];
      const predicted: number[] = [];
      actualsOfSteps(origin, instants, timestamps).forEach((j, i) => {
        if (j === -1) return;
        actual.push(actuals!.values[j]);
        predicted.push(forecast.predicted[i]);
      });
      const scores = actual.length > 0 ? { mae: mae(actual, predicted), rmse: rmse(actual, predicted), smape: smape(actual, predicted) } : {};
      await this.prisma.forecastEvaluation.updateMany({
        where: { id: forecast.id, evaluatedAt: null },
        data: { evaluatedAt: new Date(), matched: actual.length, ...scores },
      });
    }
    return [...new Set(due.map((forecast) => forecast.model_id))];
  }

  /**
   * Makes and stores a forecast of the series from each model's production version, unless that version has one
   * pending for it. A version whose artifact cannot be loaded (corrupt, unreadable format) is reported and skipped,
   * so that it does not hold up the other models; any other error is thrown.
   */
  async issue(seriesKey: string, models: Model[]): Promise<IssueReport> {
    const report: IssueReport = { issued: 0, unusable: [] };
    const series = await this.prisma.series.findUnique({ where: { key: seriesKey }, select: { id: true, frequency: true, timeZone: true, labels: true } });
    if (!series || models.length === 0) return report;
    for (const model of models) {
      const production = await this.prisma.modelVersion.findFirst({ where: { modelId: model.id, stage: 'production' }, omit: { artifact: true } });
      if (!production) continue;
      const pending = await this.prisma.forecastEvaluation.count({ where: { versionId: production.id, seriesId: series.id, evaluatedAt: null } });
      if (pending > 0) continue;
      const forecast = await this.forecasters
        .use(production, async (forecaster) => {
          const history = await this.historyOf(seriesKey, model, forecaster.maxHistory());
          if (!history || history.values.length < forecaster.minHistory()) return null;
          // the steps the API stamps, which a model with calendar inputs forecasts at; the key and labels, which a model with embeddings reads
          const steps = forecastToStore(history.timestamps, model.horizon, history.frequency, series.timeZone);
          const categorical = { key: seriesKey, labels: series.labels as Record<string, string> };
          const inputs = { timestamps: history.timestamps, timeZone: series.timeZone, futureTimestamps: steps.instants, ...categorical };
          return { steps, predicted: await forecaster.predict(history.values, model.horizon, inputs) };
        })
        .catch((error: unknown) => {
          if (!(error instanceof ArtifactIntegrityError || error instanceof ModelFormatError)) throw error;
          report.unusable.push({ model: model.name, version: production.version, error: error.message });
          return null;
        });
      if (!forecast) continue;
      const { count } = await this.prisma.forecastEvaluation.createMany({
        data: [
          {
            modelId: model.id,
            versionId: production.id,
            seriesId: series.id,
            ...storedAt(forecast.steps),
            predicted: forecast.predicted,
          },
        ],
        skipDuplicates: true,
      });
      report.issued += count;
    }
    return report;
  }

  /**
   * The history `model` forecasts `seriesKey` from, as the API reads it for a version that reads `steps` values: the
   * last segment on the model's grid of the series' last `steps` + 50 points, or for a model of its own, coarser
   * frequency of every point of its last `steps` + 2 steps. Null for a series of fewer than two points.
   */
  private async historyOf(seriesKey: string, model: Model, steps: number): Promise<ReturnType<typeof lastSegmentOnGrid> | null> {
    const recent = await readSeries(this.pool, seriesKey, { last: steps + 50 });
    if (!recent || recent.values.length < 2) return null;
    const { frequency } = gridPolicyOf(model);
    if (frequency === undefined) return lastSegmentOnGrid(recent, model);
    const from = recent.timestamps[recent.timestamps.length - 1] - (steps + 2) * nominalStepMs(parseFrequency(frequency));
    return lastSegmentOnGrid((await readSeries(this.pool, seriesKey, { from: new Date(from), last: MAX_TIMESTAMPS_READ })) ?? recent, model);
  }

  /** A model's latest scored forecasts (at most `take`), oldest first: accuracy over time, per version and series. */
  async accuracy(modelId: number, range: { from?: Date; to?: Date; take?: number } = {}): Promise<AccuracyPoint[]> {
    const latest = await this.prisma.forecastEvaluation.findMany({
      where: { modelId, evaluatedAt: { not: null }, originTs: { gte: range.from, lt: range.to } },
      orderBy: [{ originTs: 'desc' }, { id: 'desc' }],
      take: range.take ?? 1000,
      select: { versionId: true, seriesId: true, originTs: true, evaluatedAt: true, matched: true, mae: true, rmse: true, smape: true },
    });
    return latest.reverse();
  }
}
