/**
 * The reservoir: its recurrent weights are scaled to the spectral radius asked for (estimated by the growth rate of
 * power iteration, which also handles a complex leading pair), each unit reads the same number of distinct units, a
 * seed gives the same weights, and the final state of a window does not depend on the windows batched with it.
 */
import { mulberry32 } from '../util/random';
import { esnParamsSchema, memorySteps } from './esn-spec';
import { Reservoir, spectralRadius, tanh, type ReservoirShape } from './reservoir';

const shape: ReservoirShape = { reservoirSize: 50, spectralRadius: 0.9, leakRate: 0.5, inputScaling: 1, sparsity: 0.9 };

describe('reservoir › weights', () => {
  it('estimates the spectral radius of a rotation-and-scaling (a complex pair) and of a cycle', () => {
    // 2×2 block [[0, −0.7], [0.7, 0]] (eigenvalues ±0.7i) as rows of one connection each
    const rotation = { size: 2, perUnit: 1, columns: Int32Array.from([1, 0]), values: Float64Array.from([-0.7, 0.7]) };
    expect(spectralRadius(rotation, mulberry32(1))).toBeCloseTo(0.7, 6);
    // a 5-cycle times 1.3: every eigenvalue has modulus 1.3
    const cycle = { size: 5, perUnit: 1, columns: Int32Array.from([1, 2, 3, 4, 0]), values: new Float64Array(5).fill(1.3) };
    expect(spectralRadius(cycle, mulberry32(2))).toBeCloseTo(1.3, 6);
  });

  it('scales a random reservoir to the spectral radius asked for, each unit reading the same number of distinct units', () => {
    const reservoir = Reservoir.random(shape, 3);
    const { perUnit, columns } = reservoir.weights;
    expect(perUnit).toBe(5);
    for (let unit = 0; unit < 50; unit++) expect(new Set(columns.subarray(unit * perUnit, (unit + 1) * perUnit)).size).toBe(perUnit);
    expect(spectralRadius(reservoir.weights, mulberry32(4))).toBeCloseTo(0.9, 2);
  });

  it('draws the same weights from the same seed, and others from another', () => {
    expect(Reservoir.random(shape, 5).weights).toEqual(Reservoir.random(shape, 5).weights);
    expect(Reservoir.random(shape, 6).weights.values).not.toEqual(Reservoir.random(shape, 5).weights.values);
  });

  it('the final state of a window is the same alone or batched with 300 others', () => {
    const reservoir = Reservoir.random(shape, 7);
    const lookback = 12;
    const inputs = Float32Array.from({ length: 301 * lookback }, (_, i) => Math.sin(i / 3));
    const batched = reservoir.finalStates(inputs, 301, lookback, 8);
    const alone = reservoir.finalStates(inputs.subarray(200 * lookback, 201 * lookback), 1, lookback, 8);
    expect(Array.from(batched.subarray(200 * 50, 201 * 50))).toEqual(Array.from(alone));
    // leaky tanh units from 0 stay inside (−1, 1)
    expect(Math.max(...batched.map(Math.abs))).toBeLessThan(1);
  });
});

describe('reservoir › activation', () => {
  it('is tanh to within 10⁻⁵, monotone, and ±1 far out', () => {
    let previous = -1;
    let worst = 0;
    let decreases = 0;
    for (let v = -12; v <= 12; v += 1e-4) {
      const y = tanh(v);
      worst = Math.max(worst, Math.abs(y - Math.tanh(v)));
      if (y < previous) decreases++;
      previous = y;
    }
    expect(worst).toBeLessThan(1e-5);
    expect(decreases).toBe(0);
    expect([tanh(-1e300), tanh(1e300)]).toEqual([-1, 1]);
  });
});

describe('reservoir › memory', () => {
  it('forgets an input within memorySteps: driven that long or three times longer, a window ends in nearly the same state', () => {
    const defaults = esnParamsSchema.parse({});
    const memory = memorySteps(defaults);
    expect(memory).toBe(90);
    const kept = 1 - defaults.leakRate * (1 - defaults.spectralRadius);
    expect(kept ** memory).toBeLessThanOrEqual(0.01);
    expect(kept ** (memory - 1)).toBeGreaterThan(0.01);
    expect(memorySteps({ leakRate: 0.5, spectralRadius: 1 })).toBe(Infinity);
    const reservoir = Reservoir.random({ ...defaults }, 4);
    const random = mulberry32(5);
    const window = Float64Array.from({ length: 3 * memory }, () => 2 * random() - 1);
    const long = reservoir.finalStates(window, 1, window.length, window.length);
    const short = reservoir.finalStates(window, 1, window.length, memory);
    const gap = Math.max(...long.map((v, i) => Math.abs(v - short[i])));
    expect(gap).toBeLessThan(0.01 * Math.max(...long.map(Math.abs)));
  });
});
