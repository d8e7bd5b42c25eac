import * as tf from '@tensorflow/tfjs';
import {
  bernoulliMask,
  Forecaster,
  getArchitecture,
  initBackend,
  samplingProbability,
  scheduledSamplingSchema,
  type DecoderTeacher,
  type FitProgress,
  type ForecasterSpec,
} from '../index';
import { noisySine } from '../testing/series';
import { mulberry32 } from '../util/random';

const lstmParams = (m: number, n: number) => 4 * ((m + n) * n + n);
const gruParams = (m: number, n: number) => 3 * ((m + n) * n + n);
const series = noisySine(80, { sigma: 0.2, seed: 2 });

beforeAll(async () => {
  await initBackend();
});

function buildSeq2seq(params: Record<string, unknown>, lookback = 10, steps = 4): tf.LayersModel {
  const arch = getArchitecture('seq2seq');
  return arch.build(arch.configSchema.parse(params), { lookback, horizon: steps, features: 1 }, { seed: 7 });
}

describe('seq2seq model', () => {
  it('summarizes encoder, attention decoder and quantile head with their parameter counts', () => {
    const f = Forecaster.create({ architecture: 'seq2seq', lookback: 10, horizon: 4, quantiles: [0.1, 0.5, 0.9], params: { units: 6, attentionUnits: 5 } });
    const s = f.summary();
    const byName = Object.fromEntries(s.layers.map((l) => [l.name, l]));
    expect(byName.encoder).toMatchObject({ type: 'LSTM', params: lstmParams(1, 6) });
    const decoderParams = lstmParams(1 + 6, 6) + (2 * 6 * 5 + 2 * 5) + (2 * 6 + 1) * 3; // cell on [value, context], attention, output
    expect(byName.decoder).toMatchObject({ type: 'TsfAttentionDecoder', outputShape: '(None, 12), (None, 1, 4, 10)', params: decoderParams });
    expect(byName.quantile_head).toMatchObject({ type: 'TsfQuantileHead', outputShape: '(None, 12)', params: 0 });
    expect(s.totalParams).toBe(lstmParams(1, 6) + decoderParams);
    f.dispose();

    const g = Forecaster.create({ architecture: 'seq2seq', lookback: 10, horizon: 4, params: { cell: 'gru', units: 6, attentionUnits: 5 } });
    const gs = g.summary();
    expect(gs.totalParams).toBe(gruParams(1, 6) + gruParams(1 + 6, 6) + (2 * 6 * 5 + 2 * 5) + (2 * 6 + 1));
    g.dispose();
  });

  it('feeds the decoder the true previous value under teacher forcing and its own forecast otherwise', () => {
    const model = buildSeq2seq({ units: 6, attentionUnits: 5 });
    const x = tf.randomNormal([2, 10, 1], 0, 1, 'float32', 1);
    const y = tf.randomNormal([2, 4], 0, 1, 'float32', 2);
    const yChanged = tf.tensor2d((y.arraySync() as number[][]).map((row) => row.map((v, t) => (t === 2 ? v + 1 : v))));
    const run = (targets: tf.Tensor, ownPrediction: number[][]) =>
      tf.tidy(() => {
        const teacher: DecoderTeacher = { targets, ownPrediction: tf.tensor2d(ownPrediction) };
        return (model.apply(x, { training: true, teacher }) as tf.Tensor).arraySync() as number[][];
      });
    const forced = [[0, 0, 0, 0], [0, 0, 0, 0]];
    const free = [[1, 1, 1, 1], [1, 1, 1, 1]];
    const a = run(y, forced);
    const b = run(yChanged, forced);
    for (const sample of [0, 1]) {
      expect(b[sample].slice(0, 3)).toEqual(a[sample].slice(0, 3)); // steps 0..2 do not see the truth of step 2
      expect(Math.abs(b[sample][3] - a[sample][3])).toBeGreaterThan(1e-5); // step 3 is fed it
    }
    const inference = tf.tidy(() => (model.predict(x) as tf.Tensor).arraySync() as number[][]);
    const freeRunning = run(y, free);
    freeRunning.forEach((row, i) => row.forEach((v, t) => expect(v).toBeCloseTo(inference[i][t], 5)));
    expect(run(yChanged, free)).toEqual(freeRunning);
    const mixed = run(y, [[1, 1, 1, 1], [0, 0, 0, 0]]); // per sample
    mixed[0].forEach((v, t) => expect(v).toBeCloseTo(inference[0][t], 5));
    mixed[1].forEach((v, t) => expect(v).toBeCloseTo(a[1][t], 5));
    tf.dispose([x, y, yChanged]);
    model.dispose();
  });
});

describe('scheduled sampling', () => {
  const schedule = (s: unknown) => scheduledSamplingSchema.parse(s);

  it('raises the probability of feeding the own prediction along linear, exponential and inverse-sigmoid curricula', () => {
    const over = (s: unknown, epochs: number) => Array.from({ length: epochs }, (_, e) => +samplingProbability(schedule(s), e, epochs).toFixed(4));
    expect(over({ schedule: 'linear' }, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(over({ schedule: 'linear', rampEpochs: 2, max: 0.5 }, 4)).toEqual([0, 0.25, 0.5, 0.5]);
    expect(over({ schedule: 'exponential', k: 0.5 }, 4)).toEqual([0, 0.5, 0.75, 0.875]);
    const sigmoid = over({ schedule: 'inverse-sigmoid', k: 3 }, 30);
    expect(sigmoid[0]).toBe(0.25); // 1 − k / (k + 1)
    expect(sigmoid[3]).toBeCloseTo(1 - 3 / (3 + Math.E), 4);
    sigmoid.slice(1).forEach((p, e) => expect(p).toBeGreaterThan(sigmoid[e]));
    expect(sigmoid[29]).toBeGreaterThan(0.99);
    expect(over({ schedule: 'none' }, 3)).toEqual([0, 0, 0]);
    expect(schedule({})).toEqual({ schedule: 'inverse-sigmoid', max: 1 });
    expect(() => schedule({ schedule: 'exponential', k: 2 })).toThrow(/0 < k < 1/);
    expect(() => schedule({ schedule: 'inverse-sigmoid', k: 0.5 })).toThrow(/k >= 1/);
  });

  it('draws per-sample, per-step feeding masks with the scheduled frequency', () => {
    const mask = bernoulliMask(mulberry32(1), 0.3, 100, 50);
    const mean = mask.reduce((a, b) => a + b, 0) / mask.length;
    expect(mean).toBeGreaterThan(0.27);
    expect(mean).toBeLessThan(0.33);
    expect(new Set(mask)).toEqual(new Set([0, 1]));
    expect(bernoulliMask(mulberry32(1), 0, 3, 3).every((v) => v === 0)).toBe(true);
  });

  it('a seq2seq fit follows the curriculum epoch by epoch and reports it', async () => {
    const spec: ForecasterSpec = { architecture: 'seq2seq', lookback: 8, horizon: 3, params: { units: 4, attentionUnits: 3, scheduledSampling: { schedule: 'linear' } } };
    const f = Forecaster.create(spec);
    const seen: FitProgress[] = [];
    const result = await f.fit(series, { epochs: 3, batchSize: 32, seed: 1, onEpoch: (p) => void seen.push(p) });
    expect(result.history.samplingProbability).toEqual([0, 0.5, 1]);
    expect(seen.map((p) => p.samplingProbability)).toEqual([0, 0.5, 1]);
    f.dispose();
  });
});

describe('attention weights', () => {
  it('seq2seq exposes one row of weights over the lookback per decoder step, each summing to one', async () => {
    const f = Forecaster.create({ architecture: 'seq2seq', lookback: 8, horizon: 3, params: { units: 4, attentionUnits: 3, cell: 'gru' } });
    await f.fit(series, { epochs: 1, batchSize: 32, seed: 2 });
    const before = tf.memory().numTensors;
    const [weights] = await f.attentionWeights(series);
    expect(tf.memory().numTensors).toBe(before);
    expect(weights).toHaveLength(3);
    for (const row of weights) {
      expect(row).toHaveLength(8);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(Math.min(...row)).toBeGreaterThan(0);
    }
    f.dispose();
  });

  it('a causal transformer exposes per-head weights that sum to one and never look ahead; recurrent models have none', async () => {
    const f = Forecaster.create({ architecture: 'transformer', lookback: 6, horizon: 2, params: { dModel: 8, heads: 2, layers: 2, ffUnits: 8, causal: true } });
    await f.fit(series, { epochs: 1, batchSize: 32, seed: 2 });
    const weights = await f.attentionWeights(series);
    expect(weights).toHaveLength(2);
    for (const head of weights) {
      head.forEach((row, query) => {
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
        row.forEach((w, key) => key > query && expect(w).toBe(0));
      });
    }
    f.dispose();
    const lstm = Forecaster.create({ architecture: 'lstm', lookback: 6, horizon: 2, params: { layers: [2] } });
    await lstm.fit(series, { epochs: 1 });
    await expect(lstm.attentionWeights(series)).rejects.toThrow('architecture "lstm" has no attention layer');
    lstm.dispose();
  });
});
