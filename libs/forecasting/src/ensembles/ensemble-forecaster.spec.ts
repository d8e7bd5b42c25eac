/**
 * Ensembles are models themselves: a spec of architecture 'ensemble' trains, forecasts, saves and loads like one
 * Forecaster; its forecast is its members' combined step by step; its members may differ in lookback; a member that is
 * not a registered architecture is refused by its field; admission sums its members' cost.
 */
import { estimateTrainingCost } from '../admission';
import { firstUnfittedPoint } from '../intervals';
import { mae } from '../metrics';
import { noisySine } from '../testing/series';
import { createForecastModel, EnsembleForecaster, Forecaster, initBackend, loadForecastModel, SpecError, validateSpec, type ForecasterSpec, type FitProgress } from '../index';
import { packContainer, unpackContainer } from '../serialization';
import { combineForecasts } from './ensemble-forecaster';

const series = noisySine(160, { sigma: 0.15, seed: 7 });
const fitOptions = { epochs: 3, batchSize: 32, learningRate: 0.01, validationSplit: 0.15, seed: 11 };
const mlp = (seed?: number, lookback?: number) => ({ architecture: 'mlp', params: { hidden: [16] }, ...(seed !== undefined && { seed }), ...(lookback && { lookback }) });
const ensembleSpec = (members: object[], combine: 'median' | 'mean' = 'median', lookback = 12): ForecasterSpec => ({ architecture: 'ensemble', lookback, horizon: 4, params: { combine, members } });

beforeAll(async () => {
  await initBackend();
});

/** The members a saved ensemble holds, loaded one by one from its container. */
async function savedMembers(bytes: Uint8Array): Promise<Forecaster[]> {
  const { header, weights } = unpackContainer(bytes);
  let offset = 0;
  const members: Forecaster[] = [];
  for (const { bytes: size } of (header as { members: { bytes: number }[] }).members) {
    members.push(await Forecaster.load(new Uint8Array(weights, offset, size)));
    offset += size;
  }
  return members;
}

/** The same saved ensemble with its members combined by `combine` instead. */
function recombined(bytes: Uint8Array, combine: 'median' | 'mean'): Uint8Array {
  const { header, weights } = unpackContainer(bytes);
  const h = header as { spec: { params: { combine: string } } };
  h.spec.params.combine = combine;
  return packContainer(h, new Uint8Array(weights));
}

const byHand = (forecasts: number[][], combine: 'median' | 'mean') =>
  forecasts[0].map((_, step) => {
    const values = forecasts.map((f) => f[step]).sort((a, b) => a - b);
    return combine === 'mean' ? values.reduce((a, b) => a + b, 0) / values.length : values[1];
  });

describe('ensembles › forecasts', () => {
  let bytes: Uint8Array;
  let ensemble: EnsembleForecaster;

  beforeAll(async () => {
    ensemble = EnsembleForecaster.create(ensembleSpec([mlp(1), mlp(2), { architecture: 'gru', params: { layers: [4] } }]));
    await ensemble.fit(series, fitOptions);
    bytes = await ensemble.save();
  });

  afterAll(() => ensemble.dispose());

  it.each(['median', 'mean'] as const)('the %s ensemble forecasts its members\' forecasts combined step by step', async (combine) => {
    const model = await loadForecastModel(recombined(bytes, combine));
    const members = await savedMembers(bytes);
    const memberForecasts = await Promise.all(members.map((m) => m.predict(series, 4)));
    const expected = byHand(memberForecasts, combine);
    expect(await model.predict(series, 4)).toEqual(expected);
    expect((await model.predictBatch([series, series.slice(0, 100)], 4))[0]).toEqual(expected);
    expect(new Set(memberForecasts.map((f) => f.join()))).toHaveProperty('size', 3);
    [model, ...members].forEach((m) => m.dispose());
  });

  it('save → load gives an ensemble that forecasts exactly what the saved one did, beyond the members\' horizon too', async () => {
    const loaded = await loadForecastModel(bytes);
    expect(loaded).toBeInstanceOf(EnsembleForecaster);
    expect(loaded.spec).toEqual(ensemble.spec);
    expect(loaded.fitted).toBe(true);
    expect(await loaded.predictBatch([series, series.slice(20)], 9)).toEqual(await ensemble.predictBatch([series, series.slice(20)], 9));
    loaded.dispose();
  });

  it('has no quantile head: predictQuantiles refuses, and the spec carries no quantiles', async () => {
    await expect(ensemble.predictQuantiles()).rejects.toThrow(/conformal/);
    expect(ensemble.spec.quantiles).toBeUndefined();
  });

  it('a single forecaster\'s artifact still loads as a Forecaster', async () => {
    const single = Forecaster.create({ architecture: 'mlp', lookback: 12, horizon: 4, params: { hidden: [4] } });
    expect(await loadForecastModel(await single.save())).toBeInstanceOf(Forecaster);
    single.dispose();
  });
});

describe('ensembles › members of different lookbacks', () => {
  it('needs the longest lookback of history, and each member reads its own', async () => {
    const model = createForecastModel(ensembleSpec([mlp(1, 8), mlp(2)], 'mean', 20));
    expect(model.minHistory()).toBe(20);
    const fit = await model.fit(series, fitOptions);
    expect(fit.members?.map((m) => m.lookback)).toEqual([8, 20]);
    expect(() => model.checkHistory(series.slice(0, 12), 4)).toThrow();
    const members = await savedMembers(await model.save());
    expect(members.map((m) => m.minHistory())).toEqual([8, 20]);
    const history = series.slice(0, 20);
    const expected = byHand(await Promise.all(members.map((m) => m.predict(history, 4))), 'mean');
    const actual = await model.predict(history, 4);
    actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 12));
    [model, ...members].forEach((m) => m.dispose());
  });

  it('calibrates only on points no member was fitted on: the latest of its members\' first unfitted points', () => {
    const spec = validateSpec(ensembleSpec([mlp(1, 8), mlp(2)], 'median', 40));
    const members = [8, 40].map((lookback) => firstUnfittedPoint({ architecture: 'mlp', lookback, horizon: 4, params: {} }, 300, 0.2));
    expect(firstUnfittedPoint(spec, 300, 0.2)).toBe(Math.max(...members));
  });
});

describe('ensembles › training', () => {
  it('reports each member\'s fit with its validation loss, and progress over every member\'s epochs', async () => {
    const model = createForecastModel(ensembleSpec([mlp(), mlp(), mlp(5)]));
    const progress: FitProgress[] = [];
    const fit = await model.fit(series, { ...fitOptions, onEpoch: (p) => void progress.push(p) });
    expect(fit.members).toHaveLength(3);
    for (const member of fit.members!) {
      expect(member).toMatchObject({ architecture: 'mlp', lookback: 12, epochs: 3 });
      expect(member.valLoss).toEqual(expect.any(Number));
      expect(member.bestEpoch).toBeGreaterThanOrEqual(1);
    }
    // members without a seed of their own get one derived from the fit's; the third keeps its own
    expect(fit.members![2].seed).toBe(5);
    expect(new Set(fit.members!.map((m) => m.seed)).size).toBe(3);
    expect(fit.valLoss).toBeCloseTo(fit.members!.reduce((s, m) => s + m.valLoss!, 0) / 3, 10);
    expect(fit.epochs).toBe(9);
    expect(progress.map((p) => `${p.epoch}/${p.epochs}`)).toEqual(['1/9', '2/9', '3/9', '4/9', '5/9', '6/9', '7/9', '8/9', '9/9']);
    model.dispose();
  });

  it('3 seeds of an MLP forecast a held-out tail no worse than their worst member (median and mean)', async () => {
    const data = noisySine(260, { sigma: 0.3, seed: 21 });
    const trainEnd = 200;
    const model = createForecastModel(ensembleSpec([mlp(1), mlp(2), mlp(3)]));
    await model.fit(data.slice(0, trainEnd), { epochs: 8, batchSize: 16, learningRate: 0.01, seed: 4 });
    const bytes = await model.save();
    const origins = Array.from({ length: 15 }, (_, i) => trainEnd + i * 4);
    const histories = origins.map((origin) => data.slice(0, origin));
    const errorOf = (forecasts: number[][]) => forecasts.reduce((sum, f, i) => sum + mae(data.slice(origins[i], origins[i] + 4), f), 0) / forecasts.length;
    const members = await savedMembers(bytes);
    const memberErrors = await Promise.all(members.map(async (m) => errorOf(await m.predictBatch(histories, 4))));
    for (const combine of ['median', 'mean'] as const) {
      const ensemble = await loadForecastModel(recombined(bytes, combine));
      expect(errorOf(await ensemble.predictBatch(histories, 4))).toBeLessThanOrEqual(Math.max(...memberErrors));
      ensemble.dispose();
    }
    [model, ...members].forEach((m) => m.dispose());
  });
});

describe('ensembles › spec', () => {
  const issuesOf = (spec: unknown): string[] => {
    try {
      validateSpec(spec);
    } catch (error) {
      expect(error).toBeInstanceOf(SpecError);
      return (error as SpecError).issues;
    }
    throw new Error('the spec was accepted');
  };

  it('fills each member\'s defaults and the combination', () => {
    const spec = validateSpec({ architecture: 'ensemble', lookback: 24, horizon: 4, params: { members: [{ architecture: 'mlp' }, { architecture: 'lstm', lookback: 12 }] } });
    expect(spec.params.combine).toBe('median');
    expect((spec.params.members as { params: Record<string, unknown> }[])[0].params).toMatchObject({ hidden: [512, 512] });
  });

  it('refuses, by field, an unknown member architecture, a nested ensemble, bad member params, too few members and quantiles', () => {
    expect(issuesOf(ensembleSpec([mlp(1), { architecture: 'nope' }]))).toEqual([expect.stringMatching(/^params\.members\.1\.architecture: Unknown architecture "nope"/)]);
    expect(issuesOf(ensembleSpec([mlp(1), { architecture: 'ensemble' }]))).toEqual([expect.stringMatching(/^params\.members\.1\.architecture: a member cannot itself be an ensemble/)]);
    expect(issuesOf(ensembleSpec([{ architecture: 'mlp', params: { hidden: [0] } }, mlp(1)]))).toEqual([expect.stringMatching(/^params\.members\.0\.params\.hidden\.0: /)]);
    expect(issuesOf(ensembleSpec([mlp(1)]))).toEqual([expect.stringMatching(/^params\.members: /)]);
    expect(issuesOf(ensembleSpec([mlp(1), mlp(2, 13)]))).toEqual([expect.stringMatching(/^params\.members\.1\.lookback: must not exceed the ensemble's lookback \(12\)/)]);
    expect(issuesOf({ ...ensembleSpec([mlp(1), mlp(2)]), quantiles: [0.1, 0.5, 0.9] })).toEqual([expect.stringMatching(/^quantiles: /)]);
  });

  it('Forecaster.create refuses an ensemble spec (createForecastModel makes one)', () => {
    expect(() => Forecaster.create(ensembleSpec([mlp(1), mlp(2)]))).toThrow(/createForecastModel/);
    const model = createForecastModel(ensembleSpec([mlp(1), mlp(2)]));
    expect(model).toBeInstanceOf(EnsembleForecaster);
    model.dispose();
  });
});

describe('ensembles › admission', () => {
  it('an ensemble costs its members summed: parameters, FLOPs, every member\'s weights next to one member\'s training state', () => {
    const run = { batchSize: 32, epochs: 10, windows: 500 };
    const a = estimateTrainingCost({ architecture: 'mlp', lookback: 12, horizon: 4, params: { hidden: [64] }, ...run });
    const b = estimateTrainingCost({ architecture: 'lstm', lookback: 24, horizon: 4, params: { layers: [32] }, ...run });
    const cost = estimateTrainingCost({ ...ensembleSpec([{ architecture: 'mlp', lookback: 12, params: { hidden: [64] } }, { architecture: 'lstm', params: { layers: [32] } }], 'median', 24), ...run });
    expect(cost.parameters).toBe(a.parameters + b.parameters);
    expect(cost.totalFlops).toBe(a.totalFlops + b.totalFlops);
    expect(cost.members).toEqual([a, b]);
    expect(cost.trainingMemoryBytes).toBeGreaterThan(Math.max(a.trainingMemoryBytes, b.trainingMemoryBytes));
    expect(cost.weightBytes).toBe(Math.max(a.weightBytes + 4 * b.parameters, b.weightBytes + 4 * a.parameters));
  });
});

it('combineForecasts › the median of an even count is the mean of the middle two', () => {
  expect(combineForecasts([[1, 10], [3, 0], [2, 5], [9, 6]], 'median')).toEqual([2.5, 5.5]);
  expect(combineForecasts([[1, 10], [3, 0]], 'mean')).toEqual([2, 5]);
});
