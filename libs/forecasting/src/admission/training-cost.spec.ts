import { estimateTrainingCost, type ForecasterSpec, Forecaster, initBackend, listArchitectures, SpecError } from '../index';

beforeAll(async () => {
  await initBackend();
});

/** Small specs of every architecture, in each shape its builder has (stacks, bidirectional, heads, dropout, quantiles). */
const SMALL_SPECS: Record<string, ForecasterSpec[]> = {
  lstm: [
    { architecture: 'lstm', lookback: 12, horizon: 4, params: { layers: [8] } },
    { architecture: 'lstm', lookback: 10, horizon: 3, params: { layers: [8, 4], bidirectional: true, dropout: 0.2, headUnits: [16, 5] }, quantiles: [0.1, 0.5, 0.9] },
  ],
  gru: [
    { architecture: 'gru', lookback: 12, horizon: 4, params: { layers: [6, 5] } },
    { architecture: 'gru', lookback: 9, horizon: 2, params: { layers: [7], bidirectional: true }, covariates: 2 },
  ],
  rnn: [
    { architecture: 'rnn', lookback: 12, horizon: 4, params: { layers: [8, 4], headUnits: [3] } },
    { architecture: 'rnn', lookback: 8, horizon: 1, params: { layers: [5], bidirectional: true }, strategy: 'recursive' },
  ],
  mlp: [
    { architecture: 'mlp', lookback: 24, horizon: 6, params: { hidden: [] } }, // the linear model
    { architecture: 'mlp', lookback: 16, horizon: 4, params: { hidden: [32, 8] }, quantiles: [0.25, 0.5, 0.75], calendar: ['hourOfDay'] },
  ],
  transformer: [
    { architecture: 'transformer', lookback: 12, horizon: 4, params: { dModel: 8, heads: 2, layers: 1, ffUnits: 16 } },
    { architecture: 'transformer', lookback: 10, horizon: 3, params: { dModel: 12, heads: 3, layers: 3, ffUnits: 7, dropout: 0, causal: true }, quantiles: [0.1, 0.5, 0.9] },
  ],
  seq2seq: [
    { architecture: 'seq2seq', lookback: 12, horizon: 4, params: { cell: 'lstm', units: 8, attentionUnits: 4 } },
    { architecture: 'seq2seq', lookback: 10, horizon: 3, params: { cell: 'gru', units: 6, attentionUnits: 5, dropout: 0.1 }, quantiles: [0.1, 0.5, 0.9], covariates: 1, multivariateTarget: true },
  ],
};

const run = { batchSize: 32, epochs: 10, windows: 1000 };

function builtParameters(spec: ForecasterSpec): number {
  const forecaster = Forecaster.create(spec);
  try {
    return forecaster.summary().totalParams;
  } finally {
    forecaster.dispose();
  }
}

describe('training cost estimate', () => {
  it('has a cost model for every registered architecture', () => {
    expect(Object.keys(SMALL_SPECS).sort()).toEqual(listArchitectures());
  });

  it.each(Object.entries(SMALL_SPECS).flatMap(([name, specs]) => specs.map((spec, i) => [`${name} #${i + 1}`, spec] as const)))(
    'counts exactly the parameters of the model the library builds: %s',
    (_, spec) => {
      expect(estimateTrainingCost({ ...spec, ...run }).parameters).toBe(builtParameters(spec));
    },
  );

  it("counts the issue's oversized Transformer (dModel 1024, 12 layers, lookback 5000) without building it", () => {
    const estimate = estimateTrainingCost({
      architecture: 'transformer',
      lookback: 5000,
      horizon: 1000,
      params: { dModel: 1024, heads: 32, layers: 12, ffUnits: 8192 },
      ...run,
    });
    // the flattened head alone is 5000 · 1024 · 1000 weights: the typed array the trainer failed to allocate
    expect(estimate.parameters).toBeGreaterThan(5_120_000_000);
    // 32 heads × 5000² scores per block and window
    expect(estimate.activationBytesPerBatch).toBeGreaterThan(32 * 12 * 5000 ** 2 * 4 * run.batchSize);
  });

  it('grows with the lookback squared in attention, linearly in recurrent layers', () => {
    const transformer = (lookback: number) =>
      estimateTrainingCost({ architecture: 'transformer', lookback, horizon: 4, params: { dModel: 16, heads: 4, layers: 2, ffUnits: 32 }, ...run });
    const lstm = (lookback: number) => estimateTrainingCost({ architecture: 'lstm', lookback, horizon: 4, params: { layers: [32] }, ...run });
    // long windows: the L² attention matrices dominate the memory, so 4× the lookback is nearly 16× the activations
    expect(transformer(2048).activationBytesPerBatch / transformer(512).activationBytesPerBatch).toBeGreaterThan(12);
    expect(transformer(2048).flopsPerWindow / transformer(512).flopsPerWindow).toBeGreaterThan(4);
    expect(lstm(2048).activationBytesPerBatch / lstm(512).activationBytesPerBatch).toBeCloseTo(4, 1);
    expect(lstm(2048).flopsPerWindow / lstm(512).flopsPerWindow).toBeCloseTo(4, 1);
    expect(lstm(2048).parameters).toBe(lstm(512).parameters);
  });

  it('grows with dModel squared in parameters and work', () => {
    const transformer = (dModel: number) =>
      estimateTrainingCost({ architecture: 'transformer', lookback: 8, horizon: 1, params: { dModel, heads: 4, layers: 4, ffUnits: 4 * dModel }, ...run });
    expect(transformer(512).parameters / transformer(128).parameters).toBeGreaterThan(14);
    expect(transformer(512).flopsPerWindow / transformer(128).flopsPerWindow).toBeGreaterThan(14);
  });

  it('scales work with windows and epochs, and the held windows with their count', () => {
    const spec: ForecasterSpec = { architecture: 'mlp', lookback: 48, horizon: 24, params: { hidden: [64] } };
    const one = estimateTrainingCost({ ...spec, batchSize: 64, epochs: 1, windows: 1000 });
    const more = estimateTrainingCost({ ...spec, batchSize: 64, epochs: 20, windows: 3000 });
    expect(more.totalFlops).toBe(60 * one.totalFlops);
    expect(more.batchesPerEpoch).toBe(47);
    expect(more.windowBytes).toBe(3 * one.windowBytes);
    expect(more.trainingMemoryBytes).toBe(more.weightBytes + more.activationBytesPerBatch + more.windowBytes);
    // 10,000 epochs of an MLP [4096, 4096, 4096]: some 34 million weights times 6 FLOPs, per window and epoch
    const huge = estimateTrainingCost({ ...spec, params: { hidden: [4096, 4096, 4096] }, batchSize: 64, epochs: 10_000, windows: 1000 });
    expect(huge.totalFlops).toBeGreaterThan(6 * 33e6 * 1000 * 10_000);
  });

  it('refuses what it cannot estimate: invalid params, unknown architectures, a bad run', () => {
    expect(() => estimateTrainingCost({ architecture: 'mlp', lookback: 8, horizon: 2, params: { hiden: [] }, ...run })).toThrow(SpecError);
    expect(() => estimateTrainingCost({ architecture: 'dlinear', lookback: 8, horizon: 2, params: {}, ...run })).toThrow(SpecError);
    expect(() => estimateTrainingCost({ architecture: 'mlp', lookback: 8, horizon: 2, params: {}, ...run, batchSize: 0 })).toThrow(/batchSize/);
  });
});
