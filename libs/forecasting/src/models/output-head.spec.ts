import * as tf from '@tensorflow/tfjs';
import { initBackend, monotoneQuantiles, pinball, pinballLoss, pointForecast, QuantileHead } from '../index';

beforeAll(async () => {
  await initBackend();
});

describe('quantile output head', () => {
  it('makes every group of quantile values non-decreasing whatever the raw outputs, keeping the lowest as is', () => {
    tf.tidy(() => {
      const raw = tf.randomNormal([50, 4 * 3], 0, 5, 'float32', 1);
      const q = monotoneQuantiles(raw, 3).arraySync() as number[][];
      const r = raw.arraySync() as number[][];
      q.forEach((row, i) => {
        for (let g = 0; g < 4; g++) {
          expect(row[3 * g]).toBeCloseTo(r[i][3 * g], 6);
          expect(row[3 * g + 1]).toBeGreaterThanOrEqual(row[3 * g]);
          expect(row[3 * g + 2]).toBeGreaterThanOrEqual(row[3 * g + 1]);
        }
      });
      // q_k = q_{k−1} + softplus(r_k)
      const softplus = (v: number) => Math.log1p(Math.exp(v));
      expect(q[0][1]).toBeCloseTo(r[0][0] + softplus(r[0][1]), 5);
      expect(monotoneQuantiles(raw, 1).arraySync()).toEqual(r);
    });
  });

  it('the QuantileHead layer applies the same transform and has no parameters', () => {
    const head = new QuantileHead({ levels: [0.1, 0.5, 0.9] });
    const raw = tf.tensor2d([[1, -3, 2, 0, 0, 0]]);
    const out = head.apply(raw) as tf.Tensor;
    const expected = monotoneQuantiles(raw, 3);
    expect(out.arraySync()).toEqual(expected.arraySync());
    expect(head.countParams()).toBe(0);
    tf.dispose([raw, out, expected]);
  });

  it('the point forecast of a quantile head is its monotone median', () => {
    tf.tidy(() => {
      const raw = tf.tensor2d([[1, 0, 0, 5, -2, 1]]); // two targets × levels [0.1, 0.5, 0.9]
      const point = pointForecast(raw, { targets: 2, quantiles: [0.1, 0.5, 0.9] }).arraySync() as number[][];
      expect(point[0][0]).toBeCloseTo(1 + Math.log(2), 6);
      expect(point[0][1]).toBeCloseTo(5 + Math.log1p(Math.exp(-2)), 6);
      expect(pointForecast(raw, { targets: 6, quantiles: null })).toBe(raw);
    });
  });
});

describe('pinball loss', () => {
  it('averages max(q·e, (q−1)·e) over samples, values and levels, like the pinball metric', () => {
    const levels = [0.1, 0.5, 0.9];
    const actual = [[1, 2], [3, -1]];
    const forecast = [[0, 1, 2, 1, 2, 4], [2, 3, 5, -3, -1, 0]]; // per sample: value 0 at levels 0.1/0.5/0.9, then value 1
    const value = tf.tidy(() => pinballLoss(levels)(tf.tensor2d(actual), tf.tensor2d(forecast)).dataSync()[0]);
    const flatActual = actual.flat();
    const expected = levels.reduce((sum, q, k) => sum + pinball(flatActual, forecast.flatMap((row) => [row[k], row[3 + k]]), q), 0) / levels.length;
    expect(value).toBeCloseTo(expected, 6);
    // by hand for sample 0, value 0 (y = 1): q=0.1, ŷ=0 → 0.1; q=0.5, ŷ=1 → 0; q=0.9, ŷ=2 → 0.1
    expect(pinball([1], [0], 0.1) + pinball([1], [1], 0.5) + pinball([1], [2], 0.9)).toBeCloseTo(0.2, 12);
    expect(() => pinballLoss([0, 0.5])).toThrow(/quantile levels must lie in \(0, 1\)/);
  });
});
