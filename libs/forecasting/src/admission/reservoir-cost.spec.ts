import { estimateTrainingCost, type ForecasterSpec } from '../index';

const esn = (params: Record<string, unknown> = {}): ForecasterSpec => ({ architecture: 'esn', lookback: 96, horizon: 48, params });

describe('admission › esn', () => {
  it('is one pass: the epochs and batch size of gradient descent do not change it, the windows do', () => {
    const one = estimateTrainingCost({ ...esn(), batchSize: 32, epochs: 1, windows: 10_000 });
    const many = estimateTrainingCost({ ...esn(), batchSize: 256, epochs: 100, windows: 10_000 });
    expect(many.totalFlops).toBe(one.totalFlops);
    expect(many).toMatchObject({ family: 'reservoir', epochs: 1 });
    expect(estimateTrainingCost({ ...esn(), batchSize: 32, epochs: 1, windows: 30_000 }).totalFlops).toBeGreaterThan(2.9 * one.totalFlops);
  });

  it('counts the readout as its parameters, per reservoir, and the inverse an online readout keeps as memory', () => {
    const run = { batchSize: 32, epochs: 1, windows: 1000 };
    const features = 1 + 96 + 100;
    expect(estimateTrainingCost({ ...esn(), ...run }).parameters).toBe(features * 48);
    expect(estimateTrainingCost({ ...esn({ reservoirs: 3 }), ...run }).parameters).toBe(3 * features * 48);
    const offline = estimateTrainingCost({ ...esn(), ...run });
    expect(estimateTrainingCost({ ...esn({ online: true }), ...run }).weightBytes - offline.weightBytes).toBe(8 * features * features);
  });

  it('grows with the reservoir and with the steps it is driven', () => {
    const run = { batchSize: 32, epochs: 1, windows: 1000 };
    const flops = (params: Record<string, unknown>) => estimateTrainingCost({ ...esn(params), ...run }).flopsPerWindow;
    expect(flops({ reservoirSize: 400 })).toBeGreaterThan(4 * flops({ reservoirSize: 100 }));
    expect(flops({ washout: 24 })).toBeLessThan(flops({}));
  });
});
