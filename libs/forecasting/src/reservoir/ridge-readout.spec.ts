/**
 * The ESN's readout: the normal equations' statistics give the same squared error as the rows themselves; recursive
 * least squares after N rows equals the closed-form ridge fit of every row with the same penalty; the penalty chosen on
 * validation rows is the one that predicts them best.
 */
import { mulberry32, normalSampler } from '../util/random';
import { chooseRidgePerRow, NormalEquations, RidgeReadout } from './ridge-readout';

const FEATURES = 6;
const OUTPUTS = 3;

/** Rows x = [1, N(0, 1)…] with targets y = xᵀB + N(0, noise²) for a fixed B. */
function rows(count: number, seed: number, noise = 0.1): { x: number[]; y: number[] }[] {
  const normal = normalSampler(mulberry32(seed));
  const b = Array.from({ length: FEATURES * OUTPUTS }, (_, i) => Math.sin(i + 1));
  return Array.from({ length: count }, () => {
    const x = [1, ...Array.from({ length: FEATURES - 1 }, normal)];
    const y = Array.from({ length: OUTPUTS }, (_, k) => x.reduce((sum, xi, i) => sum + xi * b[i * OUTPUTS + k], 0) + noise * normal());
    return { x, y };
  });
}

function equationsOf(data: { x: number[]; y: number[] }[]): NormalEquations {
  const normal = new NormalEquations(FEATURES, OUTPUTS);
  data.forEach(({ x, y }) => normal.add(x, y));
  return normal;
}

describe('reservoir › ridge readout', () => {
  it('the squared error from the statistics is the squared error of the rows', () => {
    const data = rows(50, 1);
    const normal = equationsOf(data);
    const readout = RidgeReadout.fit(normal, 0.5, false);
    const direct = data.reduce((sum, { x, y }) => {
      const forecast = readout.apply(x);
      return sum + y.reduce((s, yk, k) => s + (yk - forecast[k]) ** 2, 0);
    }, 0);
    expect(normal.squaredError(readout.weights)).toBeCloseTo(direct, 9);
  });

  it('the ridge solution satisfies (XᵀX + λI)·W = XᵀY', () => {
    const normal = equationsOf(rows(40, 2));
    const penalty = 3;
    const w = normal.solve(penalty);
    const a = normal.regularized(penalty);
    for (let i = 0; i < FEATURES; i++) {
      for (let k = 0; k < OUTPUTS; k++) {
        let lhs = 0;
        for (let j = 0; j < FEATURES; j++) lhs += a.data[i * FEATURES + j] * w.data[j * OUTPUTS + k];
        expect(lhs).toBeCloseTo(normal.cross.data[i * OUTPUTS + k], 9);
      }
    }
  });

  it('after N rows, recursive least squares equals the closed-form refit of every row with the same penalty', () => {
    const data = rows(200, 3);
    const penalty = 2.5;
    const online = RidgeReadout.fit(equationsOf(data.slice(0, 60)), penalty, true);
    data.slice(60).forEach(({ x, y }) => online.update(x, y));
    const refit = equationsOf(data).solve(penalty);
    const scale = Math.max(...refit.data.map(Math.abs));
    online.weights.data.forEach((w, i) => expect(Math.abs(w - refit.data[i]) / scale).toBeLessThan(1e-10));
  });

  it('a readout fitted offline refuses an update', () => {
    const readout = RidgeReadout.fit(equationsOf(rows(20, 4)), 1, false);
    expect(() => readout.update(new Array(FEATURES).fill(1), new Array(OUTPUTS).fill(0))).toThrow(/fitted online/);
  });

  it('chooses a light penalty for a well-posed fit, and a heavy one when the training rows are few and noisy', () => {
    const light = chooseRidgePerRow(equationsOf(rows(500, 5, 0.01)), equationsOf(rows(200, 6, 0.01)));
    expect(light.perRow).toBeLessThanOrEqual(1e-3);
    const heavy = chooseRidgePerRow(equationsOf(rows(8, 7, 5)), equationsOf(rows(200, 8, 5)));
    expect(heavy.perRow).toBeGreaterThan(light.perRow);
    expect(heavy.validationMse).toBeGreaterThan(light.validationMse);
  });
});
