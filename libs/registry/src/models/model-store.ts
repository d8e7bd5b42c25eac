import type { CreateModelRequest, TrainingOptions } from '@tsf/contracts';
import { Prisma, type Model, type PrismaClient } from '@tsf/db';
import { validateSpec } from '@tsf/forecasting';

export class ModelConflictError extends Error {
  constructor(name: string) {
    super(`a model named ${JSON.stringify(name)} already exists`);
    this.name = 'ModelConflictError';
  }
}

/** Model definitions: what a model forecasts, its architecture and hyperparameters, its training options. */
export class ModelStore {
  constructor(private readonly prisma: PrismaClient) {}

  /** Creates a model; the architecture's own schema validates the hyperparameters first. */
  async create(request: CreateModelRequest): Promise<Model> {
    const spec = validateSpec({ architecture: request.architecture, lookback: request.lookback, horizon: request.horizon, params: request.params });
    try {
      return await this.prisma.model.create({
        data: {
          name: request.name,
          seriesKey: request.seriesKey,
          architecture: spec.architecture,
          lookback: spec.lookback,
          horizon: spec.horizon,
          params: spec.params as Prisma.InputJsonValue,
          training: request.training,
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

  byId(id: number): Promise<Model> {
    return this.prisma.model.findUniqueOrThrow({ where: { id } });
  }

  /** The models serving a series, by name order. */
  forSeries(seriesKey: string): Promise<Model[]> {
    return this.prisma.model.findMany({ where: { seriesKey }, orderBy: { name: 'asc' } });
  }

  list(): Promise<Model[]> {
    return this.prisma.model.findMany({ orderBy: { name: 'asc' } });
  }
}

export const trainingOptionsOf = (model: Model) => model.training as unknown as TrainingOptions;
