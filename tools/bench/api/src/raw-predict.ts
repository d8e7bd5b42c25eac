import { createPrismaClient } from '@tsf/db';
import { Forecaster } from '@tsf/forecasting';
import { type VersionSummary, VersionStore } from '@tsf/registry';
import { percentile } from './percentile';

export interface RawPredictTiming {
  /** One forecast: Forecaster.predict() on one history, ms, over `forecasts` calls. */
  single: { p50: number; p99: number; forecasts: number };
  /** One forward pass for a batch of histories (Forecaster.predictBatch), ms by batch size. */
  batch: Record<number, number>;
}

/** Calls `predict` one after the other for `seconds`; the time of each, ms. */
async function timeFor(seconds: number, predict: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    const started = performance.now();
    await predict();
    times.push(performance.now() - started);
  }
  return times;
}

/**
 * The model alone, in this process, on the same artifact the API serves: the baseline the API's latency is held to.
 * Warmed up and timed for as long as the API's single client is (thousands of forecasts), so its p99 is as steady as
 * the API's and includes the same kind of pauses (garbage collection) a forecast meets in the server.
 */
export async function timeRawPredict(databaseUrl: string, version: VersionSummary, history: number[], horizon: number, seconds: number): Promise<RawPredictTiming> {
  const prisma = createPrismaClient(databaseUrl);
  const forecaster = await Forecaster.load(await new VersionStore(prisma).loadArtifact(version));
  await prisma.$disconnect();
  try {
    const predict = () => forecaster.predict(history, horizon);
    await timeFor(Math.min(2, seconds), predict); // warm-up: kernels, JIT, first allocations
    const times = await timeFor(seconds, predict);
    const batch: Record<number, number> = {};
    for (const size of [16, 32, 64]) {
      const histories = Array.from({ length: size }, () => history);
      await forecaster.predictBatch(histories, horizon);
      const started = performance.now();
      for (let i = 0; i < 20; i++) await forecaster.predictBatch(histories, horizon);
      batch[size] = (performance.now() - started) / 20;
    }
    return { single: { p50: percentile(times, 0.5), p99: percentile(times, 0.99), forecasts: times.length }, batch };
  } finally {
    forecaster.dispose();
  }
}
