import { type CreateModelRequest, createModelSchema } from '@tsf/contracts';
import { PointWriter, type PrismaClient } from '@tsf/db';
import { ModelStore } from '@tsf/registry';
import type { Pool } from 'pg';

const HOUR = 3_600_000;
const SERIES = 'bench/a';
const POINTS = 240;

/** One hourly, daily-seasonal series of 240 points, and two GRU(4) models of it: a quick one (2 epochs) and one that trains for as long as it is let. */
export async function createTrainerWorkload(prisma: PrismaClient, pool: Pool): Promise<{ quickModelId: number; slowModelId: number }> {
  const start = Date.UTC(2024, 0, 1);
  await new PointWriter(pool).write([
    { series: SERIES, points: Array.from({ length: POINTS }, (_, h) => ({ ts: start + h * HOUR, value: 10 + 5 * Math.sin((2 * Math.PI * h) / 24) + 0.2 * Math.cos(h * 1.7) })) },
  ]);
  const models = new ModelStore(prisma);
  const gru = (name: string, training: { epochs: number; batchSize: number; patience: number }): CreateModelRequest =>
    createModelSchema.parse({
      name,
      seriesKey: SERIES,
      architecture: 'gru',
      lookback: 12,
      horizon: 4,
      params: { layers: [4] },
      training: { ...training, learningRate: 0.01, validationSplit: 0, seed: 1 },
    });
  const quick = await models.create(gru('bench-quick', { epochs: 2, batchSize: 64, patience: 5 }));
  const slow = await models.create(gru('bench-slow', { epochs: 1000, batchSize: 16, patience: 1000 }));
  return { quickModelId: quick.id, slowModelId: slow.id };
}
