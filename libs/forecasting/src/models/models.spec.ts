import * as tf from '@tensorflow/tfjs';
import {
  architectures,
  Forecaster,
  getArchitecture,
  initBackend,
  listArchitectures,
  orthogonalMatrix,
  SpecError,
  UnknownArchitectureError,
  validateSpec,
} from '../index';

const lstmParams = (m: number, n: number) => 4 * ((m + n) * n + n);
const gruParams = (m: number, n: number) => 3 * ((m + n) * n + n);
const rnnParams = (m: number, n: number) => (m + n) * n + n;

beforeAll(async () => {
  await initBackend();
});

function summaryOf(architecture: string, params: Record<string, unknown>, lookback = 12, horizon = 4) {
  const f = Forecaster.create({ architecture, lookback, horizon, params });
  try {
    return f.summary();
  } finally {
    f.dispose();
  }
}

describe('architecture registry', () => {
  it('registers lstm, gru and rnn with zod schemas', () => {
    expect(listArchitectures()).toEqual(expect.arrayContaining(['gru', 'lstm', 'rnn']));
    for (const name of ['lstm', 'gru', 'rnn']) {
      expect(architectures[name].name).toBe(name);
      expect(typeof architectures[name].configSchema.safeParse).toBe('function');
    }
    expect(getArchitecture('lstm').configSchema.parse({})).toEqual({ layers: [64], dropout: 0, bidirectional: false, headUnits: [], unitForgetBias: true });
    expect(() => getArchitecture('constructor')).toThrow(UnknownArchitectureError);
  });

  it('validates specs and fills defaults', () => {
    const spec = validateSpec({ architecture: 'gru', lookback: 48, horizon: 24, params: { layers: [32, 16] } });
    expect(spec.params).toEqual({ layers: [32, 16], dropout: 0, bidirectional: false, headUnits: [] });
    expect(() => validateSpec({ architecture: 'lstm', lookback: 48, horizon: 24, params: { layers: [], dropot: 0.1 } })).toThrow(SpecError);
    expect(() => validateSpec({ architecture: 'lstm', lookback: 48, horizon: 24, params: { layers: [], dropot: 0.1 } })).toThrow(
      /^Invalid params for architecture "lstm": .*params.layers: Too small/,
    );
    expect(() => validateSpec({ architecture: 'lstm', lookback: 48, horizon: 24, params: { dropot: 0.1 } })).toThrow(
      'Invalid params for architecture "lstm": params: Unrecognized key: "dropot"',
    );
    expect(() => validateSpec({ architecture: 'lstm', lookback: 0, horizon: 24, params: {} })).toThrow(/lookback: Too small/);
    const unknown = (() => {
      try {
        validateSpec({ architecture: 'transformerz', lookback: 8, horizon: 2, params: {} });
      } catch (e) {
        return e;
      }
    })();
    expect(unknown).toBeInstanceOf(UnknownArchitectureError);
    expect(unknown).toBeInstanceOf(SpecError);
    expect((unknown as Error).message).toMatch(/Unknown architecture "transformerz"; available: .*lstm/);
  });
});

describe('model construction', () => {
  it('an LSTM layer has 4·((m+n)·n+n) parameters', () => {
    const s = summaryOf('lstm', { layers: [32, 16] }, 48, 24);
    const byName = Object.fromEntries(s.layers.map((l) => [l.name, l]));
    expect(byName.lstm_1).toMatchObject({ type: 'LSTM', outputShape: '(None, 48, 32)', params: lstmParams(1, 32) });
    expect(byName.lstm_2).toMatchObject({ type: 'LSTM', outputShape: '(None, 16)', params: lstmParams(32, 16) });
    expect(byName.head).toMatchObject({ type: 'Dense', outputShape: '(None, 24)', params: (16 + 1) * 24 });
    expect(s.totalParams).toBe(lstmParams(1, 32) + lstmParams(32, 16) + 17 * 24);
    expect(s.trainableParams).toBe(s.totalParams);
  });

  it('GRU, simple RNN, bidirectional, dropout and head layers have the expected shapes and sizes', () => {
    const gru = summaryOf('gru', { layers: [8] });
    expect(gru.layers.find((l) => l.name === 'gru_1')?.params).toBe(gruParams(1, 8));
    const rnn = summaryOf('rnn', { layers: [8, 4] });
    expect(rnn.layers.filter((l) => l.type === 'SimpleRNN').map((l) => l.params)).toEqual([rnnParams(1, 8), rnnParams(8, 4)]);

    const bi = summaryOf('lstm', { layers: [8, 4], bidirectional: true, dropout: 0.2, headUnits: [16] });
    expect(bi.layers.map((l) => [l.name, l.type, l.outputShape])).toEqual([
      ['input', 'InputLayer', '(None, 12, 1)'],
      ['bidirectional_lstm_1', 'Bidirectional(LSTM)', '(None, 12, 16)'],
      ['dropout_1', 'TsfSeededDropout', '(None, 12, 16)'],
      ['bidirectional_lstm_2', 'Bidirectional(LSTM)', '(None, 8)'],
      ['dropout_2', 'TsfSeededDropout', '(None, 8)'],
      ['head_dense_1', 'Dense', '(None, 16)'],
      ['head', 'Dense', '(None, 4)'],
    ]);
    expect(bi.layers[1].params).toBe(2 * lstmParams(1, 8));
    expect(bi.layers[3].params).toBe(2 * lstmParams(16, 4));
  });

  it('seeded builds are reproducible, and bidirectional halves get different initial weights', () => {
    const arch = getArchitecture('lstm');
    const config = arch.configSchema.parse({ layers: [4], bidirectional: true });
    const a = arch.build(config, { lookback: 5, horizon: 2, features: 1 }, { seed: 3 });
    const b = arch.build(config, { lookback: 5, horizon: 2, features: 1 }, { seed: 3 });
    const c = arch.build(config, { lookback: 5, horizon: 2, features: 1 }, { seed: 4 });
    const values = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));
    expect(values(a)).toEqual(values(b));
    expect(values(a)).not.toEqual(values(c));
    const [fk, , , bk] = values(a); // forward kernel, recurrent, bias, backward kernel
    expect(fk).not.toEqual(bk);
    [a, b, c].forEach((m) => m.dispose());
  });

  it('the orthogonal initializer produces orthonormal rows / columns', () => {
    const check = (rows: number, cols: number) => {
      const m = orthogonalMatrix(rows, cols, 11);
      const k = Math.min(rows, cols);
      for (let i = 0; i < k; i++)
        for (let j = 0; j < k; j++) {
          let dot = 0;
          for (let t = 0; t < Math.max(rows, cols); t++)
            dot += rows <= cols ? m[i * cols + t] * m[j * cols + t] : m[t * cols + i] * m[t * cols + j];
          expect(dot).toBeCloseTo(i === j ? 1 : 0, 4);
        }
    };
    check(8, 32);
    check(32, 8);
    check(6, 6);
  });
});
