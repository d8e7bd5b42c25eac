import { createPrismaClient } from '@tsf/db';
import { Forecaster } from '@tsf/forecasting';
import { type VersionSummary, VersionStore } from '@tsf/registry';
import { percentile } from './percentile';

export interface RawPredictTiming {
  /** One forecast: Forecaster.predict() on one history, ms. */
  single: { p50: number; p99: number };
  /** One forward pass for a batch of histories (Forecaster.predictBatch), ms by batch size. */
  batch: Record<number, number>;
}

/** The model alone, in this process, on the same artifact the API serves: the baseline the API's latency is held to. */
export async function timeRawPredict(databaseUrl: string, version: VersionSummary, history: number[], horizon: number, rounds = 300): Promise<RawPredictTiming> {
  const prisma = createPrismaClient(databaseUrl);
  const forecaster = await Forecaster.load(await new VersionStore(prisma).loadArtifact(version));
  await prisma.$disconnect();
  try {
    for (let i = 0; i < 30; i++) await forecaster.predict(history, horizon); // warm-up: kernels, first allocations
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const started = performance.now();
      await forecaster.predict(history, horizon);
      times.push(performance.now() - started);
    }
    const batch: Record<number, number> = {};
    for (const size of [16, 32, 64]) {
      const histories = Array.from({ length: size }, () => history);
      await forecaster.predictBatch(histories, horizon);
      const started = performance.now();
      for (let i = 0; i < 20; i++) await forecaster.predictBatch(histories, horizon);
      batch[size] = (performance.now() - started) / 20;
    }
    return { single: { p50: percentile(times, 0.5), p99: percentile(times, 0.99) }, batch };
  } finally {
    forecaster.dispose();
  }
}
