import { createModelSchema } from '@tsf/contracts';
import { createPrismaClient, type PrismaClient } from '@tsf/db';
import { Pool } from 'pg';
import { admissionLimitsFrom, admitTraining, seriesDataBudgetBytes, windowsPerEpochOf } from './training-admission';
import { trainingSeconds } from './training-throughput';
import { TrainingWindows } from './training-windows';

const limits = admissionLimitsFrom({ TSF_MAX_MODEL_PARAMS: 20_000_000, TSF_MAX_TRAINING_MEMORY_MB: 2048, TSF_MAX_JOB_SECONDS: 3600 });
/** Memory for every one of a million windows: the tests of time limits train each epoch on all of them. */
const roomy = { ...limits, maxTrainingMemoryBytes: 16 * 2 ** 30 };
const definition = (fields: Record<string, unknown>) => createModelSchema.parse({ name: 'adm', seriesKey: 'adm/a', ...fields });

describe('training admission', () => {
  it('reads the limits from the config, the memory limit in binary megabytes', () => {
    expect(limits).toEqual({ maxModelParams: 20_000_000, maxTrainingMemoryBytes: 2048 * 2 ** 20, maxJobSeconds: 3600 });
  });

  it("refuses the issue's Transformer (lookback 5000, dModel 1024, 12 layers) for its parameters, in words", () => {
    const transformer = definition({ architecture: 'transformer', lookback: 5000, horizon: 1000, params: { dModel: 1024, heads: 32, layers: 12, ffUnits: 8192 } });
    const admission = admitTraining(transformer, 100, limits);
    expect(admission).toMatchObject({ ok: false, limit: 'TSF_MAX_MODEL_PARAMS' });
    expect(!admission.ok && admission.detail).toBe('the model would have 5.4 billion parameters; TSF_MAX_MODEL_PARAMS is 20 million');
  });

  it('refuses a model of few parameters whose attention over a long window exceeds the memory limit', () => {
    const transformer = definition({ architecture: 'transformer', lookback: 2000, horizon: 24, params: { dModel: 64, heads: 8, layers: 2, ffUnits: 128 } });
    const admission = admitTraining(transformer, 100, limits);
    expect(admission.estimate.parameters).toBeLessThan(limits.maxModelParams);
    expect(admission).toMatchObject({ ok: false, limit: 'TSF_MAX_TRAINING_MEMORY_MB' });
    expect(!admission.ok && admission.detail).toMatch(/^training would need about [\d.]+ GB of memory \(.*one batch of 64 windows .*\); TSF_MAX_TRAINING_MEMORY_MB is 2048 \(2 GB\)$/);
  });

  it("refuses the issue's MLP [4096, 4096, 4096]: its 34 million parameters would need 2.5 GB at a training step's peak", () => {
    const mlp = definition({ architecture: 'mlp', lookback: 48, horizon: 24, params: { hidden: [4096, 4096, 4096] }, training: { epochs: 10_000 } });
    expect(admitTraining(mlp, 2000, { ...limits, maxModelParams: 50_000_000 })).toMatchObject({ ok: false, limit: 'TSF_MAX_TRAINING_MEMORY_MB' });
    expect(admitTraining(mlp, 2000, limits)).toMatchObject({ ok: false, limit: 'TSF_MAX_MODEL_PARAMS' });
  });

  it('refuses 10,000 epochs of an MLP [2048, 2048, 2048] for its time, and admits the same with 5 epochs', () => {
    const mlp = (epochs: number) => definition({ architecture: 'mlp', lookback: 48, horizon: 24, params: { hidden: [2048, 2048, 2048] }, training: { epochs } });
    const long = admitTraining(mlp(10_000), 2000, limits);
    expect(long).toMatchObject({ ok: false, limit: 'TSF_MAX_JOB_SECONDS' });
    expect(!long.ok && long.detail).toMatch(/^training would take about [\d.]+ days \(10 thousand epochs of 2 thousand windows\); TSF_MAX_JOB_SECONDS is 3600 \(60 minutes\)$/);
    const short = admitTraining(mlp(5), 2000, limits);
    expect(short.ok).toBe(true);
    expect(short.estimate.seconds).toBeLessThan(3600);
  });

  it("admits the 10,000 epochs refused for their time within a time budget: its estimate is the budget and the epoch it runs out in", () => {
    const mlp = (training: Record<string, unknown>) => definition({ architecture: 'mlp', lookback: 48, horizon: 24, params: { hidden: [2048, 2048, 2048] }, training });
    const unbudgeted = admitTraining(mlp({ epochs: 10_000 }), 2000, limits);
    const budgeted = admitTraining(mlp({ epochs: 10_000, timeBudgetSeconds: 600 }), 2000, limits);
    expect(unbudgeted.ok).toBe(false);
    expect(budgeted.ok).toBe(true);
    expect(budgeted.estimate.seconds).toBeCloseTo(600 + unbudgeted.estimate.seconds / 10_000, 6);
  });

  it("trains an epoch on the model's windowsPerEpoch, or on as many windows as fit half the memory limit, instead of refusing the windows of many series", () => {
    const gru = (training: Record<string, unknown> = {}) => definition({ architecture: 'gru', lookback: 48, horizon: 24, params: { layers: [16] }, training: { epochs: 5, ...training } });
    const many = 100_000 * 150;
    const admission = admitTraining(gru(), many, limits);
    expect(admission.ok).toBe(true);
    const perEpoch = admission.ok ? admission.windowsPerEpoch : 0;
    expect(perEpoch).toBeLessThan(many);
    expect(admission.estimate.windows).toBe(perEpoch);
    expect(admission.estimate.trainingMemoryBytes).toBeLessThanOrEqual(limits.maxTrainingMemoryBytes - seriesDataBudgetBytes(limits));
    expect(admitTraining(gru(), perEpoch + 1, limits).estimate.windows).toBe(perEpoch);
    expect(windowsPerEpochOf(gru({ windowsPerEpoch: 20_000 }), many, limits)).toBe(20_000);
    expect(windowsPerEpochOf(gru({ windowsPerEpoch: 20_000 }), 5_000, limits)).toBe(5_000);
    expect(seriesDataBudgetBytes(limits)).toBe(1024 * 2 ** 20);
  });

  it('a time budget never raises the estimate of a fit that ends sooner', () => {
    const mlp = (training: Record<string, unknown>) => definition({ architecture: 'mlp', lookback: 48, horizon: 24, params: { hidden: [64] }, training });
    expect(admitTraining(mlp({ epochs: 5, timeBudgetSeconds: 3600 }), 2000, limits).estimate.seconds).toBe(admitTraining(mlp({ epochs: 5 }), 2000, limits).estimate.seconds);
  });

  it('refuses a short time budget on epochs longer than the job limit: the budget ends a fit only with an epoch', () => {
    const mlp = definition({ architecture: 'mlp', lookback: 48, horizon: 24, params: { hidden: [2048, 2048, 2048] }, training: { epochs: 2, timeBudgetSeconds: 60 } });
    const admission = admitTraining(mlp, 1_000_000, roomy);
    expect(admission).toMatchObject({ ok: false, limit: 'TSF_MAX_JOB_SECONDS' });
    expect(admission.estimate.seconds).toBeGreaterThan(3600);
    expect(!admission.ok && admission.detail).toMatch(/\(2 epochs of 1 million windows, or the time budget of 60 seconds and the epoch it runs out in\); TSF_MAX_JOB_SECONDS is 3600/);
  });

  it('admits a small model, as a request and as the stored row the trainer reads (quantiles [], training as JSON)', () => {
    const small = definition({ architecture: 'lstm', lookback: 24, horizon: 12, params: { layers: [8] } });
    expect(admitTraining(small, 500, limits).ok).toBe(true);
    const row = { architecture: 'gru', lookback: 24, horizon: 12, params: { layers: [8] }, quantiles: [], training: { epochs: 3 } };
    const admission = admitTraining(row, 500, limits);
    expect(admission).toMatchObject({ ok: true, estimate: { epochs: 3, windows: 500, batchesPerEpoch: 8 } });
  });
  it('an ensemble costs its members summed: its parameters, and its seconds member by member at each family\'s throughput', () => {
    const mlp = { architecture: 'mlp', params: { hidden: [2048, 2048] } };
    const lstm = { architecture: 'lstm', params: { layers: [64] } };
    const one = (member: { architecture: string; params: object }) => admitTraining(definition({ ...member, lookback: 48, horizon: 12, training: { epochs: 40 } }), 2000, limits).estimate;
    const ensemble = admitTraining(definition({ architecture: 'ensemble', lookback: 48, horizon: 12, params: { members: [mlp, lstm, mlp] }, training: { epochs: 40 } }), 2000, limits);
    const [a, b] = [one(mlp), one(lstm)];
    expect(ensemble.estimate.parameters).toBe(2 * a.parameters + b.parameters);
    expect(ensemble.estimate.seconds).toBeCloseTo(2 * a.seconds + b.seconds, 6);
    // each member alone is admitted; three of the MLP exceed the parameter limit together
    const big = { architecture: 'mlp', params: { hidden: [4096, 2048] } };
    expect(admitTraining(definition({ ...big, lookback: 480, horizon: 12 }), 10, limits).ok).toBe(true);
    const three = admitTraining(definition({ architecture: 'ensemble', lookback: 480, horizon: 12, params: { members: [big, big, big] } }), 10, limits);
    expect(three).toMatchObject({ ok: false, limit: 'TSF_MAX_MODEL_PARAMS' });
  });
});

describe('training admission › auto', () => {
  const auto = (params: Record<string, unknown> = {}, training: Record<string, unknown> = {}) =>
    definition({ architecture: 'auto', lookback: 168, horizon: 24, params, training });

  it('estimates the candidates auto would plan for the windows, each at the lookback cap, trained one after another', () => {
    const admission = admitTraining(auto({ season: 24 }), 20_000, limits);
    expect(admission.ok).toBe(true);
    const { estimate } = admission;
    expect(estimate.architecture).toBe('auto');
    // the candidates planAuto makes for 20,000 windows: 3 lookbacks, MLPs [256, 256], and an ESN driven by 90 steps
    expect(estimate.members!.map((member) => member.architecture)).toEqual(['mlp', 'mlp', 'mlp', 'esn']);
    const one = admitTraining(definition({ architecture: 'mlp', lookback: 168, horizon: 24, params: { hidden: [256, 256] }, training: { batchSize: 128, epochs: 50 } }), 20_000, limits).estimate;
    const esn = admitTraining(definition({ architecture: 'esn', lookback: 168, horizon: 24, params: { washout: 90 } }), 20_000, limits).estimate;
    expect(estimate.parameters).toBe(3 * one.parameters + esn.parameters);
    expect(estimate.seconds).toBeGreaterThan(0);
  });

  it('bounds its seconds by its time budget (or the model’s, if smaller) and the epoch each candidate’s share runs out in', () => {
    const unbudgeted = admitTraining(auto({ timeBudgetSeconds: 7 * 86_400 }, { epochs: 10_000 }), 1_000_000, roomy).estimate;
    const budgeted = admitTraining(auto({ timeBudgetSeconds: 60 }, { epochs: 10_000 }), 1_000_000, roomy).estimate;
    const byTraining = admitTraining(auto({ timeBudgetSeconds: 3000 }, { epochs: 10_000, timeBudgetSeconds: 60 }), 1_000_000, roomy).estimate;
    expect(unbudgeted.seconds).toBeGreaterThan(3600);
    // the unbudgeted plan has an ESN too (its one pass is not spread over epochs); 60 s leave it no share
    expect(unbudgeted.members!.map((member) => member.architecture)).toEqual(['mlp', 'mlp', 'mlp', 'esn']);
    expect(budgeted.members!.map((member) => member.architecture)).toEqual(['mlp', 'mlp', 'mlp']);
    const esnSeconds = trainingSeconds(unbudgeted.members![3]);
    expect(budgeted.seconds).toBeCloseTo(60 + (unbudgeted.seconds - esnSeconds) / unbudgeted.epochs, 6);
    expect(byTraining.seconds).toBeCloseTo(budgeted.seconds, 6);
  });

  it('refuses a time budget above TSF_MAX_JOB_SECONDS in words, and admits the default budget', () => {
    const long = admitTraining(auto({ timeBudgetSeconds: 5 * 3600 }, { epochs: 10_000 }), 1_000_000, roomy);
    expect(long).toMatchObject({ ok: false, limit: 'TSF_MAX_JOB_SECONDS' });
    expect(!long.ok && long.detail).toMatch(/or the time budget of 5 hours and the epoch it runs out in\); TSF_MAX_JOB_SECONDS is 3600/);
    expect(admitTraining(auto(), 1_000_000, roomy).ok).toBe(true);
  });

  it('does not crash on a model created before its data (no windows), nor on the stored row the trainer reads', () => {
    expect(admitTraining(auto(), 0, limits)).toMatchObject({ ok: true, estimate: { architecture: 'auto', windows: 0 } });
    const row = { architecture: 'auto', lookback: 48, horizon: 6, params: { season: 'auto', timeBudgetSeconds: 450, maxMembers: 3 }, quantiles: [], training: { epochs: 3 } };
    expect(admitTraining(row, 500, limits)).toMatchObject({ ok: true, estimate: { architecture: 'auto', windows: 500 } });
  });
});

describe('training windows › counted from the stored points', () => {
  let prisma: PrismaClient;
  let pool: Pool;
  let windows: TrainingWindows;

  beforeAll(async () => {
    prisma = createPrismaClient(process.env.DATABASE_URL!);
    pool = new Pool({ connectionString: process.env.DATABASE_URL!, max: 2 });
    windows = new TrainingWindows(pool);
    for (const [key, points, site] of [['adm-w/a', 100, 'east'], ['adm-w/b', 50, 'east'], ['adm-w/c', 30, 'west']] as const) {
      const series = await prisma.series.create({ data: { key, labels: { group: 'adm-w', site } } });
      await prisma.point.createMany({ data: Array.from({ length: points }, (_, i) => ({ seriesId: series.id, ts: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000), value: i })) });
    }
  });

  afterAll(async () => {
    await prisma.series.deleteMany({ where: { key: { startsWith: 'adm-w/' } } });
    await prisma.$disconnect();
    await pool.end();
  });

  it('counts the windows of one series, of every series a selector matches, and none of a series without points', async () => {
    const shape = { lookback: 10, horizon: 5 };
    expect(await windows.count({ seriesKey: 'adm-w/a', ...shape })).toBe(100 - 15 + 1);
    expect(await windows.count({ selector: { group: 'adm-w', site: 'east' }, ...shape })).toBe(86 + 36);
    expect(await windows.count({ selector: { group: 'adm-w' }, ...shape })).toBe(86 + 36 + 16);
    expect(await windows.count({ seriesKey: 'adm-w/none', ...shape })).toBe(0);
  });

  it("stops at the model's maxPoints per series, as the trainer reads only the most recent ones", async () => {
    expect(await windows.count({ selector: { group: 'adm-w' }, lookback: 10, horizon: 5, training: { maxPoints: 40 } })).toBe(26 + 26 + 16);
  });
});
