import {
  chronologicalSplit,
  Forecaster,
  forecastLayout,
  type FitProgress,
  type ForecasterSpec,
  initBackend,
  type SeriesInput,
  trainingWindows,
  TransformPipeline,
  validateSpec,
  type Windows,
  WindowSampler,
} from '../index';
import { noisySine } from '../testing/series';

const spec: ForecasterSpec = { architecture: 'rnn', lookback: 8, horizon: 3, params: { layers: [4] }, transforms: { level: 'last' } };
const layout = forecastLayout(validateSpec(spec));
const pipeline = new TransformPipeline(spec.transforms, layout.targets, layout.lookback);

/** 12 series (segments) of different levels, scales and lengths: a window that mixed two of them would show it. */
const segments: SeriesInput[] = Array.from({ length: 12 }, (_, i) => ({
  values: Float64Array.from(noisySine(40 + 3 * i, { sigma: 0.1, seed: i }), (x) => 1000 * (i + 1) + (i + 1) * x),
}));
const splits = segments.map((input, i) => chronologicalSplit(input.values.length, layout, 0.2, `series[${i}]`));

/** Each window of `windows` as a string of its inputs and targets. */
function windowKeys(windows: Windows): string[] {
  const width = windows.lookback * windows.features;
  const targets = windows.horizon * (windows.targetChannels ?? 1);
  return Array.from({ length: windows.count }, (_, k) =>
    [...windows.inputs.subarray(k * width, (k + 1) * width), '|', ...windows.targets.subarray(k * targets, (k + 1) * targets)].join(','),
  );
}

beforeAll(async () => {
  await initBackend();
});

describe('WindowSampler', () => {
  const every = trainingWindows(segments, splits, layout, pipeline, null);
  const trainKeys = new Set(windowKeys(every.train.windowsOf(0)));
  const valKeys = new Set(windowKeys(every.val!));

  it("draws each epoch's windows from the series' own training windows, made (scaled as a global model scales them, minus their level) exactly as when every window is made", () => {
    const sampler = new WindowSampler(segments, splits, layout, pipeline, null, 50, 7);
    for (const epoch of [0, 1, 2]) {
      const windows = sampler.windowsOf(epoch);
      expect(windows.count).toBe(50);
      for (const key of windowKeys(windows)) expect(trainKeys.has(key)).toBe(true);
    }
    expect(sampler.seriesSeen()).toBeGreaterThan(6);
    expect(sampler.seriesSeen()).toBeLessThanOrEqual(segments.length);
  });

  it('never spans two series: every drawn window lies within one series, before its validation windows', () => {
    const raw = new TransformPipeline({ scale: 'none' }, layout.targets, layout.lookback);
    const sampler = new WindowSampler(segments, splits, layout, raw, null, 200, 3);
    const windows = sampler.windowsOf(0);
    const span = layout.lookback + layout.horizon;
    for (let k = 0; k < windows.count; k++) {
      const values = [...windows.inputs.subarray(k * layout.lookback, (k + 1) * layout.lookback), ...windows.targets.subarray(k * layout.horizon, (k + 1) * layout.horizon)];
      const series = Math.round(values[0] / 1000) - 1;
      const source = segments[series].values as Float64Array;
      const start = source.findIndex((_, i) => values.every((v, j) => Math.fround(source[i + j]) === v));
      expect(start).toBeGreaterThanOrEqual(0);
      expect(start + span).toBeLessThanOrEqual(splits[series].trainEnd);
    }
  });

  it('is reproducible for a seed and draws other windows for another seed or epoch', () => {
    const draw = (seed: number, epoch: number) => windowKeys(new WindowSampler(segments, splits, layout, pipeline, null, 30, seed).windowsOf(epoch));
    expect(draw(5, 0)).toEqual(draw(5, 0));
    expect(draw(5, 0)).not.toEqual(draw(6, 0));
    expect(draw(5, 0)).not.toEqual(draw(5, 1));
  });

  it("validates on one fixed sample of the series' validation windows, the epoch's share of them", () => {
    const sampler = new WindowSampler(segments, splits, layout, pipeline, null, 50, 7);
    const validation = sampler.validation()!;
    const share = splits.reduce((n, s) => n + s.val, 0) / splits.reduce((n, s) => n + s.train, 0);
    expect(validation.count).toBe(Math.round(50 * share));
    for (const key of windowKeys(validation)) expect(valKeys.has(key)).toBe(true);
    expect(windowKeys(sampler.validation()!)).toEqual(windowKeys(validation));
  });

  it('makes every window, every epoch, when windowsPerEpoch is not below the windows there are', () => {
    const total = splits.reduce((n, s) => n + s.train, 0);
    const { train } = trainingWindows(segments, splits, layout, pipeline, null, { windowsPerEpoch: total, seed: 1 });
    expect(train).not.toBeInstanceOf(WindowSampler);
    expect(windowKeys(train.windowsOf(3))).toEqual(windowKeys(every.train.windowsOf(0)));
  });
});

describe('fitMany with windowsPerEpoch', () => {
  async function fitMany(options: { windowsPerEpoch: number; seed: number }) {
    const forecaster = Forecaster.create(spec);
    const progress: FitProgress[] = [];
    try {
      const result = await forecaster.fitMany(segments, { epochs: 3, batchSize: 16, validationSplit: 0.2, ...options, onEpoch: (p) => void progress.push(p) });
      return { result, progress, forecast: await forecaster.predict(segments[0].values) };
    } finally {
      forecaster.dispose();
    }
  }

  it('trains on exactly windowsPerEpoch windows each epoch, and reports the windows and series seen', async () => {
    const { result, progress } = await fitMany({ windowsPerEpoch: 40, seed: 1 });
    expect(result).toMatchObject({ epochs: 3, trainSamples: 40, series: 12 });
    expect(progress.map((p) => p.windowsSeen)).toEqual([40, 80, 120]);
    const series = progress.map((p) => p.seriesSeen!);
    expect(series[0]).toBeGreaterThan(0);
    expect(series[2]).toBeLessThanOrEqual(12);
    expect([...series].sort((a, b) => a - b)).toEqual(series);
  });

  it('is deterministic for a seed', async () => {
    const [a, b] = [await fitMany({ windowsPerEpoch: 40, seed: 2 }), await fitMany({ windowsPerEpoch: 40, seed: 2 })];
    expect(b.result.history.loss).toEqual(a.result.history.loss);
    expect(b.result.history.valLoss).toEqual(a.result.history.valLoss);
    expect(b.forecast).toEqual(a.forecast);
  });

  it('reports every series seen once every window trains each epoch', async () => {
    const { result, progress } = await fitMany({ windowsPerEpoch: 1_000_000, seed: 1 });
    expect(result.trainSamples).toBe(splits.reduce((n, s) => n + s.train, 0));
    expect(progress[0]).toMatchObject({ windowsSeen: result.trainSamples, seriesSeen: 12 });
  });
});
