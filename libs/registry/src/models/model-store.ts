import type { CreateModelRequest, LabelSelector, RetrainingPolicy } from '@tsf/contracts';
import { Prisma, type Model, type PrismaClient } from '@tsf/db';
import { type CalendarFeature, type EmbeddingsSpec, type ForecasterSpec, type TransformsSpec, validateSpec } from '@tsf/forecasting';
import { ModelConflictError, ModelDefinitionError, NotFoundError } from '../errors';
import { nextRetrainAt } from './retraining-policy';

/**
 * Model definitions: what a model forecasts (one series, or every series matching a label selector), its architecture
 * and hyperparameters (and the levels of its quantile head, its calendar inputs and its transforms, if any), how its series are put on their
 * grid, its training options and its retraining policy.
 */
export class ModelStore {
  constructor(private readonly prisma: PrismaClient) {}

  /** Creates a model; the forecaster's spec (the architecture's own schema for the hyperparameters) is validated first. */
  async create(request: CreateModelRequest): Promise<Model> {
    if ((request.seriesKey === undefined) === (request.selector === undefined)) {
      throw new ModelDefinitionError('a model serves either one series (seriesKey) or the series matching a label selector (selector)');
    }
    const { architecture, lookback, horizon, params, quantiles, transforms, embeddings } = request;
    const calendar = request.calendar?.length ? request.calendar : undefined;
    const holidays = request.holidays?.length ? request.holidays : undefined;
    const spec = validateSpec({ architecture, lookback, horizon, params, quantiles, calendar, holidays, transforms, embeddings });
    try {
      return await this.prisma.model.create({
        data: {
          name: request.name,
          seriesKey: request.seriesKey,
          selector: request.selector,
          architecture: spec.architecture,
          lookback: spec.lookback,
          horizon: spec.horizon,
          params: spec.params as Prisma.InputJsonValue,
          quantiles: spec.quantiles,
          transforms: spec.transforms,
          embeddings: spec.embeddings,
          calendar: spec.calendar,
          holidays: spec.holidays,
          grid: request.grid,
          training: request.training,
          policy: request.policy,
          nextRetrainAt: nextRetrainAt(request.policy),
        },
      });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new ModelConflictError(request.name);
      throw error;
    }
  }

  byName(name: string): Promise<Model | null> {
    return this.prisma.model.findUnique({ where: { name } });
  }

  async named(name: string): Promise<Model> {
    const model = await this.byName(name);
    if (!model) throw new NotFoundError('model', `no model named ${JSON.stringify(name)}`);
    return model;
  }

  byId(id: number): Promise<Model> {
    return this.prisma.model.findUniqueOrThrow({ where: { id } });
  }

  /** The models serving a series, by name: those naming it, and global models whose selector its labels match. */
  async forSeries(seriesKey: string): Promise<Model[]> {
    const rows = await this.prisma.$queryRaw<{ id: number }[]>`
      SELECT m.id FROM models m WHERE m.series_key = ${seriesKey}
      UNION
      SELECT m.id FROM models m JOIN series s ON s.key = ${seriesKey} WHERE m.selector IS NOT NULL AND s.labels @> m.selector`;
    return this.prisma.model.findMany({ where: { id: { in: rows.map((row) => row.id) } }, orderBy: { name: 'asc' } });
  }

  /** The keys of the series a model is trained on, in key order. */
  async seriesKeysOf(model: Pick<Model, 'seriesKey' | 'selector'>): Promise<string[]> {
    if (model.seriesKey) return [model.seriesKey];
    const selector = JSON.stringify(model.selector as LabelSelector);
    const rows = await this.prisma.$queryRaw<{ key: string }[]>`SELECT key FROM series WHERE labels @> ${selector}::jsonb ORDER BY key`;
    return rows.map((row) => row.key);
  }

  list(): Promise<Model[]> {
    return this.prisma.model.findMany({ orderBy: { name: 'asc' } });
  }

  /** Replaces a model's retraining policy; a new cron expression takes effect from now. */
  async updatePolicy(name: string, policy: RetrainingPolicy): Promise<Model> {
    const model = await this.named(name);
    return this.prisma.model.update({ where: { id: model.id }, data: { policy, nextRetrainAt: nextRetrainAt(policy) } });
  }
}

/**
 * The spec a model's forecasters are built from (a stored model without a quantile head reads `quantiles: []`; one
 * without transforms reads `transforms: null`, one without calendar inputs `calendar: []` and `holidays: []`, and its
 * spec has none, exactly as before they existed).
 */
export function forecasterSpecOf(model: Model): ForecasterSpec {
  const { architecture, lookback, horizon, quantiles, calendar, holidays } = model;
  const transforms = model.transforms as TransformsSpec | null;
  const embeddings = model.embeddings as EmbeddingsSpec | null;
  return {
    architecture,
    lookback,
    horizon,
    params: model.params as Record<string, unknown>,
    quantiles: quantiles.length > 0 ? quantiles : undefined,
    ...(calendar.length > 0 ? { calendar: calendar as CalendarFeature[] } : {}),
    ...(holidays.length > 0 ? { holidays } : {}),
    ...(transforms ? { transforms } : {}),
    ...(embeddings ? { embeddings } : {}),
  };
}
