import { TransformDomainError } from '../errors';
import { makeChannelWindows } from '../windowing';
import { PowerTransform, SCALE_KINDS, TransformPipeline, WindowLevel, fitSeriesScale, seriesScaleFromJSON, type TransformsSpec } from './index';

const positive = [3.5, 120, 0.02, 7, 7, 1e4, 42.25, 0.5];
const signed = [-3, 0, 2.5, 10, -0.25, 8];

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return m;
}

describe('transforms › log and Box-Cox', () => {
  it.each([0, 0.25, 0.5, 1, 2])('Box-Cox λ=%p inverts its forward transform', (lambda) => {
    const power = new PowerTransform(lambda);
    expect(maxRelDiff(positive.map((x) => power.inverse(power.forward(x))), positive)).toBeLessThan(1e-12);
  });

  it('λ = 0 is the natural log, and `log: true` is λ = 0', () => {
    expect(PowerTransform.of(true)!.lambda).toBe(0);
    expect(PowerTransform.of({ boxCox: 0.5 })!.lambda).toBe(0.5);
    expect(PowerTransform.of(false)).toBeNull();
    expect(PowerTransform.of(undefined)).toBeNull();
    expect(positive.map((x) => new PowerTransform(0).forward(x))).toEqual(positive.map(Math.log));
    expect(new PowerTransform(1e-9).forward(5)).toBeCloseTo(Math.log(5), 7);
  });

  it('refuses values outside the domain instead of producing NaN', () => {
    const log = new PowerTransform(0);
    expect(() => log.forward(0)).toThrow(TransformDomainError);
    expect(() => log.forward(-1)).toThrow('the log transform needs positive values (> 0); got -1');
    expect(new PowerTransform(0.5).forward(0)).toBe(-2);
    expect(() => new PowerTransform(0.5).forward(-1)).toThrow('Box-Cox (λ=0.5) transform needs non-negative values');
    expect(log.firstOutOfDomain([1, 2, 0, -1])).toBe(2);
    expect(log.firstOutOfDomain([0, -1, 2, 3], 2)).toBe(-1);
  });

  it('maps a forecast below the Box-Cox range to 0, the bottom of the range', () => {
    expect(new PowerTransform(0.5).inverse(-2)).toBe(0);
    expect(new PowerTransform(0.5).inverse(-5)).toBe(0);
  });
});

describe('transforms › per-series scales', () => {
  it.each(SCALE_KINDS)("'%s' inverts, and survives its saved state", (kind) => {
    const scale = fitSeriesScale(kind, signed);
    const back = Array.from(scale.transform(signed), (z) => scale.inverseValue(z));
    expect(maxRelDiff(back, signed)).toBeLessThan(1e-6); // float32 model space
    expect(scale.inverseValue(scale.transformValue(123.456))).toBeCloseTo(123.456, 10);
    const restored = seriesScaleFromJSON(JSON.parse(JSON.stringify(scale.toJSON())));
    expect(restored.kind).toBe(kind);
    expect(Array.from(restored.transform(signed))).toEqual(Array.from(scale.transform(signed)));
  });

  it("'mean' divides by the mean absolute value; 'none' leaves values as they are", () => {
    const mean = fitSeriesScale('mean', [-2, 2, 4, 0]);
    expect(mean.toJSON()).toEqual({ kind: 'mean', scale: 2, count: 4 });
    expect(Array.from(mean.transform([4, -1]))).toEqual([2, -0.5]);
    expect(fitSeriesScale('mean', [0, 0]).toJSON()).toEqual({ kind: 'mean', scale: 1, count: 2 });
    expect(Array.from(fitSeriesScale('none', signed).transform(signed))).toEqual(Array.from(Float32Array.from(signed)));
    expect(() => seriesScaleFromJSON({ kind: 'mean', scale: -1, count: 2 })).toThrow(/Invalid scale state: scale/);
    expect(() => seriesScaleFromJSON({ kind: 'minmax' })).toThrow(/Invalid scale state/);
  });
});

describe('transforms › per-window level', () => {
  // two windows of lookback 4 over two channels (target, covariate), targets [window][step][target]
  const channels = [
    [10, 12, 11, 14, 15, 13, 16],
    [1, 2, 3, 4, 5, 6, 7],
  ];

  it.each([
    ['last', 'last' as const, [14, 15]],
    ['mean of 2', { mean: 2 }, [12.5, 14.5]],
  ])('%s: each window and its targets minus its own level, on the target channels only', (_label, spec, levels) => {
    const windows = makeChannelWindows(channels, { lookback: 4, horizon: 2, targetChannels: 1 });
    const original = { inputs: windows.inputs.slice(), targets: windows.targets.slice() };
    new WindowLevel(spec).normalize(windows);
    for (let w = 0; w < windows.count; w++) {
      for (let t = 0; t < 4; t++) {
        expect(windows.inputs[(w * 4 + t) * 2]).toBe(original.inputs[(w * 4 + t) * 2] - levels[w]);
        expect(windows.inputs[(w * 4 + t) * 2 + 1]).toBe(original.inputs[(w * 4 + t) * 2 + 1]); // the covariate is no target
      }
      for (let h = 0; h < 2; h++) expect(windows.targets[w * 2 + h] + levels[w]).toBe(original.targets[w * 2 + h]);
    }
  });

  it('levels every forecast channel of a multivariate target', () => {
    const windows = makeChannelWindows(channels, { lookback: 4, horizon: 1, targetChannels: 2 });
    new WindowLevel('last').normalize(windows);
    expect(Array.from(windows.inputs.subarray(0, 8))).toEqual([-4, -3, -2, -2, -3, -1, 0, 0]);
    expect(Array.from(windows.targets)).toEqual([1, 1, -2, 1, 3, 1]);
  });
});

describe('transforms › the pipeline', () => {
  const input = { values: [20, 25, 22, 30, 41, 38, 52, 60], covariates: [[-1, 0, 2, -3, 4, 1, 0, 5]] };

  it.each<[string, TransformsSpec | undefined]>([
    ['default', undefined],
    ['log', { log: true }],
    ['Box-Cox', { log: { boxCox: 0.5 } }],
    ['mean scale', { scale: 'mean' }],
    ['no scale', { scale: 'none' }],
    ['log → mean scale', { log: true, scale: 'mean' }],
    ['log → standard scale', { log: true, scale: 'standard' }],
  ])('%s: transform then inverse is the identity, channel by channel', (_label, spec) => {
    const transforms = new TransformPipeline(spec, 1).fit(input, 6);
    [input.values, input.covariates[0]].forEach((values, c) => {
      const back = Array.from(transforms.channel(c).transform(values), (y) => transforms.channel(c).inverseValue(y));
      expect(maxRelDiff(back, values)).toBeLessThan(1e-5); // the model space is float32
    });
  });

  it('log → scale → level on the way in, exactly the reverse on the way out', () => {
    const pipeline = new TransformPipeline({ log: true, scale: 'mean', level: { mean: 3 } }, 1);
    const transforms = pipeline.fit(input);
    const channels = [transforms.channel(0).transform(input.values), transforms.channel(1).transform(input.covariates[0])];
    const windows = makeChannelWindows(channels, { lookback: 5, horizon: 3 });
    const levels = pipeline.level!.subtract(windows.inputs.slice(), { batch: windows.count, lookback: 5, features: 2, targets: 1 });
    pipeline.level!.normalize(windows);
    // what a perfect model would output for window 0, back in the series' units
    const restored = Array.from(windows.targets.subarray(0, 3), (offset) => transforms.channel(0).inverseValue(offset + levels[0]));
    expect(maxRelDiff(restored, input.values.slice(5, 8))).toBeLessThan(1e-5);
    const scale = transforms.channel(0).scale.toJSON() as { scale: number };
    const expected = (x: number) => Math.log(x) / scale.scale;
    expect(levels[0]).toBeCloseTo((expected(22) + expected(30) + expected(41)) / 3, 6);
  });

  it.each<[string, TransformsSpec]>([
    ['standard', { scale: 'standard', scaleSpan: 6 }],
    ['log → mean', { log: true, scale: 'mean', scaleSpan: 6 }],
  ])('a global model scales each window as predict() scales a history ending where the window does (%s)', (_label, spec) => {
    const pipeline = new TransformPipeline(spec, 1, 4);
    expect(pipeline.scaleSpan).toBe(6);
    const channels = [pipeline.unscaled(input).channel(0).transform(input.values), Float32Array.from(input.covariates[0])];
    const windows = makeChannelWindows(channels, { lookback: 4, horizon: 2 });
    pipeline.scaleWindows(windows, channels, 0);
    for (let w = 0; w < windows.count; w++) {
      const history = { values: input.values.slice(0, w + 4), covariates: [input.covariates[0].slice(0, w + 4)] };
      const served = pipeline.fit(history, w + 4, Math.max(0, w + 4 - 6)); // the last scaleSpan values (fewer at first)
      const expected = [served.channel(0).transform(history.values.slice(w)), served.channel(1).transform(history.covariates[0].slice(w))];
      for (let t = 0; t < 4; t++) [0, 1].forEach((c) => expect(windows.inputs[(w * 4 + t) * 2 + c]).toBeCloseTo(expected[c][t], 5));
      const targets = served.channel(0).transform(input.values.slice(w + 4, w + 6));
      [0, 1].forEach((h) => expect(windows.targets[w * 2 + h]).toBeCloseTo(targets[h], 5));
    }
  });

  it('fits a global model’s scale on at least the lookback and, by default, 1,000 values', () => {
    expect(new TransformPipeline(undefined, 1, 336).scaleSpan).toBe(1000);
    expect(new TransformPipeline(undefined, 1, 2000).scaleSpan).toBe(2000);
    expect(new TransformPipeline({ scaleSpan: 100 }, 1, 336).scaleSpan).toBe(336);
    expect(new TransformPipeline({ scale: 'none' }, 1, 336).scaleSpan).toBe(336); // nothing to fit: only the lookback is read
  });

  it('applies the log to the forecast channels only, and names the series and channel a value is refused in', () => {
    const single = new TransformPipeline({ log: true }, 1);
    expect(() => single.assertInDomain('series', input)).not.toThrow(); // the covariate is an input only
    expect(single.fit(input).channel(1).power).toBeNull();
    const multivariate = new TransformPipeline({ log: true }, 2);
    expect(() => multivariate.assertInDomain('series[2]', input)).toThrow(TransformDomainError);
    expect(() => multivariate.assertInDomain('series[2]', input)).toThrow(/^series\[2\] covariate 0\[0\] is -1: transforms\.log applies the log transform/);
    expect(() => single.assertInDomain('history', { values: [3, 0, 4] })).toThrow('history[1] is 0: transforms.log');
    expect(() => single.assertInDomain('history', { values: [3, 0, 4] }, 2)).not.toThrow();
  });

  it('restores saved scales only when they are of the spec’s kind', () => {
    const pipeline = new TransformPipeline({ scale: 'mean' }, 1);
    const transforms = pipeline.fit(input);
    expect(pipeline.restore(transforms.scaleStates())).toEqual(transforms);
    expect(() => new TransformPipeline(undefined, 1).restore(transforms.scaleStates())).toThrow("channel 0 has a 'mean' scale; the spec's transforms.scale is 'standard'");
  });
});
