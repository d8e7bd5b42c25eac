import { type CreateModelRequest, createModelSchema } from '@tsf/contracts';
import { createPrismaClient, PointWriter, type PrismaClient, type TrainingJob } from '@tsf/db';
import { waitFor } from '@tsf/platform';
import { JobQueue, type VersionMetrics } from '@tsf/registry';
import { Pool } from 'pg';

/** Shared by the registry and trainer suites and the trainer benchmark: connections, series, tiny models. */

export const HOUR = 3_600_000;
export const T0 = Date.UTC(2024, 0, 1);

export interface Db {
  prisma: PrismaClient;
  pool: Pool;
  close: () => Promise<void>;
}

export function connect(databaseUrl: string): Db {
  const prisma = createPrismaClient(databaseUrl);
  const pool = new Pool({ connectionString: databaseUrl, max: 5 });
  return { prisma, pool, close: async () => void (await Promise.all([prisma.$disconnect(), pool.end()])) };
}

/** An hourly daily-seasonal series, `count` points from hour `from`, raised by `shift`. */
export function sine(from: number, count: number, shift = 0): { timestamps: number[]; values: number[] } {
  const hours = Array.from({ length: count }, (_, i) => from + i);
  return {
    timestamps: hours.map((h) => T0 + h * HOUR),
    values: hours.map((h) => 10 + shift + 5 * Math.sin((2 * Math.PI * h) / 24) + 0.2 * Math.cos(h * 1.7)),
  };
}

export async function writeSeries(pool: Pool, series: string, points: { timestamps: number[]; values: number[] }, labels?: Record<string, string>) {
  const batch = { series, labels, points: points.timestamps.map((ts, i) => ({ ts, value: points.values[i] })) };
  return new PointWriter(pool).write([batch]);
}

/** A GRU small enough to train in well under a second: lookback 12, horizon 4, 4 units, `epochs` epochs. */
export function tinyModel(name: string, target: { seriesKey: string } | { selector: Record<string, string> }, overrides: Record<string, unknown> = {}): CreateModelRequest {
  return createModelSchema.parse({
    name,
    ...target,
    architecture: 'gru',
    lookback: 12,
    horizon: 4,
    params: { layers: [4] },
    training: { epochs: 2, batchSize: 64, learningRate: 0.01, validationSplit: 0, patience: 5, seed: 1 },
    ...overrides,
  });
}

/** The jobs `ids`, in id order, once every one of them has finished (succeeded, failed or cancelled). */
export function jobsFinished(db: Db, ids: number[], timeoutMs = 120_000): Promise<TrainingJob[]> {
  return waitFor(
    `jobs ${ids.join(', ')} to finish`,
    async () => {
      const jobs = await db.prisma.trainingJob.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } });
      return jobs.every((job) => JobQueue.isFinished(job)) ? jobs : undefined;
    },
    timeoutMs,
  );
}

/** Metrics of a version registered by hand (promotion tests need no real training). */
export function metricsWithMae(mae: number): VersionMetrics {
  return {
    holdout: { mae, rmse: mae, smape: mae, series: 1, points: 4 },
    training: { loss: 0, epochs: 1, stoppedEarly: false, samplesPerSecond: 0 },
    promotion: { stage: 'staging', reason: 'registered by a test', metric: 'mae', threshold: 0, champion: null },
  };
}

export const testLineage = {
  series: ['test'],
  dataFrom: new Date(T0).toISOString(),
  dataTo: new Date(T0).toISOString(),
  pointCount: 0,
  params: {},
  backend: 'none',
  trainingMs: 0,
  codeVersion: 'test',
  parentVersion: null,
  jobId: null,
  worker: null,
};
