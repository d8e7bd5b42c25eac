/** The transforms auto and an ESN derive from their data, and that what they do is undone exactly. */
import { makeChannelWindows } from '../windowing';
import { allPositive, deriveTransforms } from './data-transforms';
import { TransformPipeline } from './transform-pipeline';

describe('transforms › derived from the data', () => {
  it('logs positive series without rescaling; z-scores the others; the level is a season where every window holds one', () => {
    expect(deriveTransforms({ positive: true, season: 24, lookback: 96 }).transforms).toEqual({ log: true, scale: 'none', level: { mean: 24 } });
    expect(deriveTransforms({ positive: false, season: 24, lookback: 96 }).transforms).toEqual({ scale: 'standard', level: { mean: 24 } });
    expect(deriveTransforms({ positive: true, season: 168, lookback: 96 }).transforms.level).toBe('last');
    expect(deriveTransforms({ positive: true, season: 1, lookback: 96 }).transforms.level).toBe('last');
    expect(deriveTransforms({ positive: true, season: 24, lookback: 96 }).reason).toMatch(/^log values \(every value is positive\), each window minus the mean of its last 24/);
  });

  it('calls series positive only when every value of every one is > 0', () => {
    expect(allPositive([[1, 2], Float64Array.of(0.5)])).toBe(true);
    expect(allPositive([[1, 2], [3, 0]])).toBe(false);
    expect(allPositive([[1, -2]])).toBe(false);
  });

  it.each([
    ['positive', true],
    ['signed', false],
  ])('the %s transforms, z-scored per series as an ESN takes them, are undone exactly on the way out', (_label, positive) => {
    const values = Array.from({ length: 40 }, (_, t) => (positive ? 50 : 0) + 10 * Math.sin((2 * Math.PI * t) / 4) + t);
    const spec = { ...deriveTransforms({ positive, season: 4, lookback: 8 }).transforms, scale: 'standard' as const };
    const pipeline = new TransformPipeline(spec, 1, 8);
    const transforms = pipeline.fit({ values });
    const windows = makeChannelWindows([transforms.channel(0).transform(values)], { lookback: 8, horizon: 4 });
    const levels = pipeline.level!.subtract(windows.inputs.slice(), { batch: windows.count, lookback: 8, features: 1, targets: 1 });
    pipeline.level!.normalize(windows);
    for (let w = 0; w < windows.count; w++) {
      // what a perfect model would output for window w, back in the series' units
      const restored = Array.from(windows.targets.subarray(w * 4, (w + 1) * 4), (offset) => transforms.channel(0).inverseValue(offset + levels[w]));
      restored.forEach((v, h) => expect(Math.abs(v - values[w + 8 + h]) / Math.abs(values[w + 8 + h])).toBeLessThan(1e-5)); // the model space is float32
    }
  });
});
