import { trainingOptionsSchema } from '@tsf/contracts';
import { createPrismaClient, PointWriter } from '@tsf/db';
import { ModelStore, type VersionSummary } from '@tsf/registry';
import { Pool } from 'pg';
import { registerTrainedVersion } from './model-fixture';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);

export interface ApiWorkload {
  seriesKeys: string[];
  modelName: string;
  version: VersionSummary;
  /** The recent history of the first series: what the raw predict baseline forecasts from. */
  history: number[];
}

/** A daily-seasonal series per key, hourly, with its own phase and level. */
function seriesValues(index: number, points: number): number[] {
  return Array.from({ length: points }, (_, i) => 20 + index % 7 + 5 * Math.sin((2 * Math.PI * (i + index)) / 24) + 0.3 * Math.sin(i * 0.37 + index));
}

/**
 * `series` hourly series labelled bench=api, one global LSTM model serving all of them (selector bench=api), one trained
 * version in production: every forecast the benchmark asks for is answered by the same cached model.
 */
export async function createWorkload(databaseUrl: string, options: { series: number; points: number; units: number; lookback: number; horizon: number }): Promise<ApiWorkload> {
  const pool = new Pool({ connectionString: databaseUrl });
  const prisma = createPrismaClient(databaseUrl);
  try {
    const seriesKeys = Array.from({ length: options.series }, (_, i) => `bench/api-${String(i).padStart(4, '0')}`);
    const writer = new PointWriter(pool);
    for (const [i, key] of seriesKeys.entries()) {
      const values = seriesValues(i, options.points);
      await writer.write([{ series: key, labels: { bench: 'api' }, points: values.map((value, t) => ({ ts: T0 + t * HOUR, value })) }]);
    }
    const model = await new ModelStore(prisma).create({
      name: 'bench-lstm',
      selector: { bench: 'api' },
      architecture: 'lstm',
      lookback: options.lookback,
      horizon: options.horizon,
      params: { layers: [options.units] },
      training: trainingOptionsSchema.parse({ epochs: 2, batchSize: 32, learningRate: 0.01, validationSplit: 0, patience: 5, seed: 1 }),
      policy: { promotion: { threshold: 0, metric: 'mae' }, maxAttempts: 1 },
    });
    const values = seriesValues(0, options.points);
    const version = await registerTrainedVersion(prisma, model, values, { epochs: 2, promote: true });
    return { seriesKeys, modelName: model.name, version, history: values };
  } finally {
    await Promise.all([pool.end(), prisma.$disconnect()]);
  }
}
