import { createPrismaClient, createTestDatabase, dropDatabase, type Model, PointWriter, type PrismaClient, readSeries, type TrainingJob } from '@tsf/db';
import { seriesOnGrid } from '@tsf/forecasting';
import { admissionLimitsFrom, gridPolicyOf, type JobProgress, type Lineage, ModelStore, VersionStore } from '@tsf/registry';
import { Pool } from 'pg';
import { TrainingChild } from '../isolation/training-child';
import { trainVersion } from './train-version';
import { HELD_BYTES_PER_SERIES, HELD_BYTES_PER_STEP, readTrainingData, trainingPointsNeeded } from './training-data';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const SERIES = 230;

/** Series `i` of the fleet: hourly, 60 points at its own level; every 10th has a long gap (two segments), every 25th is too short to train on. */
function fleetSeries(i: number): { series: string; labels: Record<string, string>; points: { ts: number; value: number }[] } {
  const hours = i % 25 === 0 ? 10 : 60;
  const points = Array.from({ length: hours }, (_, h) => ({ ts: T0 + (h + (i % 10 === 0 && h >= 30 ? 20 : 0)) * HOUR, value: 10 * i + 5 * Math.sin((2 * Math.PI * h) / 24) }));
  return { series: `fleet/${String(i).padStart(3, '0')}`, labels: { fleet: 'chunks' }, points };
}

/** The model's series read as the trainer read them before chunks: one query per series, in key order. */
async function readOneByOne(pool: Pool, models: ModelStore, model: Model) {
  const series: { key: string; timestamps: Float64Array; values: Float64Array; timeZone: string; labels: Record<string, string> }[] = [];
  const skipped: string[] = [];
  for (const key of await models.seriesKeysOf(model)) {
    const raw = (await readSeries(pool, key))!;
    const onGrid = seriesOnGrid(raw, gridPolicyOf(model), { minSteps: trainingPointsNeeded(model).need });
    if (onGrid.segments.length === 0) skipped.push(key);
    series.push(...onGrid.segments.map(({ timestamps, values }) => ({ key, timestamps, values, timeZone: raw.timeZone, labels: raw.labels })));
  }
  return { series, skipped };
}

describe('trainer › training data, read a chunk of series at a time', () => {
  let databaseUrl: string;
  let pool: Pool;
  let prisma: PrismaClient;
  let models: ModelStore;
  let model: Model;
  const unbounded = { bytes: Number.MAX_SAFE_INTEGER, seed: 1 };

  beforeAll(async () => {
    databaseUrl = await createTestDatabase({ migrated: true });
    pool = new Pool({ connectionString: databaseUrl, max: 3 });
    prisma = createPrismaClient(databaseUrl);
    models = new ModelStore(prisma);
    await new PointWriter(pool).write(Array.from({ length: SERIES }, (_, i) => fleetSeries(i)));
    // the row as the API stores a definition
    model = await prisma.model.create({
      data: {
        name: 'chunked',
        selector: { fleet: 'chunks' },
        architecture: 'gru',
        lookback: 12,
        horizon: 4,
        params: { layers: [4] },
        training: { epochs: 2, batchSize: 32, learningRate: 0.01, validationSplit: 0.2, patience: 5, seed: 1, windowsPerEpoch: 100 },
      },
    });
  });

  afterAll(async () => {
    await Promise.all([pool.end(), prisma.$disconnect()]);
    await dropDatabase(databaseUrl);
  });

  it('reads the same segments and skips the same series as one query per series did, in key order, a chunk of series per query', async () => {
    const chunks: number[] = [];
    const data = await readTrainingData(pool, models, model, { ...unbounded, onChunk: async (read) => void chunks.push(read) });
    const before = await readOneByOne(pool, models, model);
    expect(data.series).toEqual(before.series);
    expect(data.skipped).toEqual(before.skipped);
    expect(data.skipped).toEqual(Array.from({ length: 10 }, (_, k) => `fleet/${String(25 * k).padStart(3, '0')}`));
    expect(data.series.filter((one) => one.key === 'fleet/010')).toHaveLength(2);
    expect(data.grid.series.map((one) => one.key)).toEqual([...(await models.seriesKeysOf(model))]);
    expect(data.sample).toBeUndefined();
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.at(-1)).toBe(SERIES);
  });

  it('with a budget below what the series hold, reads a seeded uniform sample of them that fits the budget, and records it', async () => {
    const all = await readTrainingData(pool, models, model, unbounded);
    const heldBy = (keys: Set<string>) =>
      keys.size * HELD_BYTES_PER_SERIES + all.series.filter((one) => keys.has(one.key)).reduce((sum, one) => sum + one.values.length * HELD_BYTES_PER_STEP, 0);
    const budget = { bytes: Math.floor(heldBy(new Set(all.grid.series.map((one) => one.key))) / 3), seed: 7 };
    const sampled = await readTrainingData(pool, models, model, budget);
    const read = new Set(sampled.grid.series.map((one) => one.key));
    expect(sampled.sample).toEqual({ read: read.size, of: SERIES, budgetBytes: budget.bytes, seed: 7 });
    expect(read.size).toBeGreaterThan(SERIES / 4);
    expect(read.size).toBeLessThan(SERIES / 2);
    expect(heldBy(read)).toBeLessThanOrEqual(budget.bytes);
    expect(sampled.series).toEqual(all.series.filter((one) => read.has(one.key)));
    // drawn across the key range, not its first keys
    expect(Math.max(...[...read].map((key) => Number(key.slice(6))))).toBeGreaterThan(SERIES / 2);
    const again = await readTrainingData(pool, models, model, budget);
    expect(again.grid.series).toEqual(sampled.grid.series);
    const other = await readTrainingData(pool, models, model, { ...budget, seed: 8 });
    expect(other.grid.series.map((one) => one.key)).not.toEqual([...read]);
  });

  it('a version trained over more series than its memory budget records the sample of series and of windows in its lineage, and reports what it saw', async () => {
    const versions = new VersionStore(prisma);
    const full = await readTrainingData(pool, models, model, unbounded);
    const heldBytes = full.grid.series.length * HELD_BYTES_PER_SERIES + full.series.reduce((sum, one) => sum + one.values.length * HELD_BYTES_PER_STEP, 0);
    // a memory limit whose series share holds about half the series
    const limits = { ...admissionLimitsFrom({ TSF_MAX_MODEL_PARAMS: 20_000_000, TSF_MAX_TRAINING_MEMORY_MB: 2048, TSF_MAX_JOB_SECONDS: 3600 }), maxTrainingMemoryBytes: heldBytes };
    const progress: JobProgress[] = [];
    const version = await trainVersion(
      { pool, models, versions, limits, startChild: () => TrainingChild.start(), stopGraceMs: 5_000 },
      model,
      { id: 1 } as TrainingJob,
      'w-test',
      { report: async (p) => void progress.push(p), shouldStop: () => false },
    );
    const lineage = version!.lineage as Lineage;
    expect(lineage.seriesSample).toMatchObject({ of: SERIES, budgetBytes: heldBytes / 2, seed: 1 });
    expect(lineage.seriesSample!.read).toBeLessThan(SERIES);
    expect(lineage.seriesSample!.read).toBeGreaterThan(SERIES / 4);
    expect(lineage.grid!.series).toHaveLength(lineage.seriesSample!.read);
    expect(lineage.windowSample).toEqual({ perEpoch: 100, of: expect.any(Number) });
    expect(lineage.windowSample!.of).toBeGreaterThan(100);
    expect(progress.filter((p) => p.phase === 'loading' && p.seriesRead !== undefined).at(-1)).toMatchObject({ seriesRead: lineage.seriesSample!.read, seriesTotal: SERIES });
    const epochs = progress.filter((p) => p.phase === 'training');
    expect(epochs.map((p) => p.windowsSeen)).toEqual([100, 200]);
    expect(epochs[1].seriesSeen).toBeGreaterThan(0);
  }, 120_000);
});
