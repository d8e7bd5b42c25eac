import { createModelSchema } from '@tsf/contracts';
import { createPrismaClient } from '@tsf/db';
import { AppProcess, waitFor } from '@tsf/platform';
import { JobQueue, type Lineage, ModelStore, type VersionMetrics } from '@tsf/registry';
import { firstSeries } from './generated-series';
import { type TreeMemory, TreeMemoryPeak } from './process-memory';
import { benchPool } from './bench-pool';

/** The global model each size trains: a small GRU, a fixed number of windows per epoch, so that every size does the same training work. */
export interface GlobalModelSettings {
  lookback: number;
  horizon: number;
  units: number;
  epochs: number;
  batchSize: number;
  windowsPerEpoch: number;
}

export interface TrainerScaleResult {
  series: number;
  /** Series trained on (fewer than `series` when the trainer sampled them for its memory budget). */
  seriesTrained: number;
  /** Training windows the series have, and how many each epoch trained on. */
  windows: number;
  windowsPerEpoch: number;
  epochs: number;
  /** Windows trained on per second of the fit (drawing them, the optimizer steps, validation). */
  windowsPerSecond: number;
  /** Windows per second of optimizer steps alone (the version's samplesPerSecond). */
  stepWindowsPerSecond: number;
  /** Enqueued to finished: reading the series, training, forecasting every holdout, registering. */
  jobSeconds: number;
  memory: TreeMemory;
}

/**
 * One training job of a global model over the first `size` generated series, on a fresh trainer process configured
 * with TSF_MAX_TRAINING_MEMORY_MB = `memoryMb`: the job's time, the fit's windows per second and the peak memory
 * of the trainer and its training process (sampled from /proc every 100 ms, and each process' own peak).
 */
export async function runTrainerScale(databaseUrl: string, size: number, model: GlobalModelSettings, memoryMb: number): Promise<TrainerScaleResult> {
  const prisma = createPrismaClient(databaseUrl);
  const pool = benchPool(databaseUrl, 2);
  const env = { DATABASE_URL: databaseUrl, TSF_TF_BACKEND: 'wasm', TSF_TRAINER_POLL_MS: '100', TSF_WORKER_ID: `scale-${size}`, TSF_MAX_TRAINING_MEMORY_MB: String(memoryMb) };
  const trainer = await AppProcess.start('trainer', { env, readyTimeoutMs: 180_000 }, `trainer-${size}`);
  try {
    const created = await new ModelStore(prisma).create(
      createModelSchema.parse({
        name: `scale-global-${size}`,
        selector: firstSeries(size),
        architecture: 'gru',
        lookback: model.lookback,
        horizon: model.horizon,
        params: { layers: [model.units] },
        training: { epochs: model.epochs, batchSize: model.batchSize, windowsPerEpoch: model.windowsPerEpoch, learningRate: 0.01, validationSplit: 0.1, patience: 5, seed: 1 },
        policy: { maxAttempts: 1 },
      }),
    );
    const memory = new TreeMemoryPeak(trainer.child.pid!).start();
    const started = performance.now();
    const job = await new JobQueue(prisma, pool).enqueue(created.id);
    const done = await waitFor(
      `the ${size}-series job to finish`,
      async () => {
        const current = await prisma.trainingJob.findUniqueOrThrow({ where: { id: job.id } });
        return JobQueue.isFinished(current) ? current : undefined;
      },
      1_800_000,
      100,
    );
    const jobSeconds = (performance.now() - started) / 1000;
    const peak = memory.stop();
    if (done.status !== 'succeeded') throw new Error(`the ${size}-series job ${done.status}: ${done.error}\n${trainer.output()}`);
    const version = await prisma.modelVersion.findFirstOrThrow({ where: { jobId: job.id }, omit: { artifact: true } });
    const lineage = version.lineage as unknown as Lineage;
    const metrics = version.metrics as unknown as VersionMetrics;
    const windowsPerEpoch = lineage.windowSample?.perEpoch ?? model.windowsPerEpoch;
    return {
      series: size,
      seriesTrained: lineage.seriesSample?.read ?? size,
      windows: lineage.windowSample?.of ?? windowsPerEpoch,
      windowsPerEpoch,
      epochs: metrics.training.epochs,
      windowsPerSecond: (metrics.training.epochs * windowsPerEpoch) / (lineage.trainingMs / 1000),
      stepWindowsPerSecond: metrics.training.samplesPerSecond,
      jobSeconds,
      memory: peak,
    };
  } finally {
    await trainer.stop();
    await Promise.all([prisma.$disconnect(), pool.end()]);
  }
}
