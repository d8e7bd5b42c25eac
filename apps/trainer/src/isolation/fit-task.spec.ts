import type { Model } from '@tsf/db';
import { AutoForecaster, EnsembleForecaster, type FitManyOptions, Forecaster, firstUnfittedPoint, initBackend, loadForecastModel, seasonalNaiveForecast } from '@tsf/forecasting';
import { deserialize, serialize } from 'node:v8';
import { intervalMetricsOf } from '../training/interval-calibration';
import { fitTaskOf, lineageParams } from '../training/train-version';
import { fitOutcomeSchema, fitTaskSchema, parentMessageSchema, type FitTaskInput } from './child-messages';
import { runFitTask } from './fit-task';

/** The training process's half of a job, in this process: the model's spec reaches the forecaster as the registry built it. */
describe('trainer › fit task', () => {
  const series = (length: number, scale = 1) => Float64Array.from({ length }, (_, i) => scale * (20 + 5 * Math.sin((2 * Math.PI * i) / 24) + 0.05 * i));
  const hooks = { progress: () => undefined, shouldStop: () => false };

  beforeAll(async () => {
    await initBackend();
  });

  it('trains with the model’s transforms: they cross the process boundary, are saved in the artifact and are undone in the holdout forecasts', async () => {
    const transforms = { log: true, scale: 'mean' as const, level: { mean: 4 } };
    const input: FitTaskInput = {
      label: 'with-transforms',
      spec: { architecture: 'mlp', lookback: 12, horizon: 4, params: { hidden: [8] }, transforms },
      options: { epochs: 3, batchSize: 16, learningRate: 0.01, seed: 1 },
      series: [series(120), series(120, 3)],
      horizon: 4,
      champion: null,
    };
    const task = fitTaskSchema.parse(input);
    expect(task.spec.transforms).toEqual(transforms);
    const outcome = await runFitTask(task, hooks);
    if (outcome.cancelled) throw new Error('not cancelled');
    const loaded = await Forecaster.load(outcome.artifact);
    expect(loaded.spec.transforms).toEqual(transforms);
    expect(await loaded.predict(series(120, 3), 4)).toEqual(outcome.forecasts[1]);
    // in the series' units, not log-space offsets: the second series lives around 60 to 80
    outcome.forecasts[1].forEach((v) => expect(v).toBeGreaterThan(30));
    loaded.dispose();
  });

  it('trains an ensemble: each member\'s fit crosses the process boundary, the artifact loads as the ensemble, and it calibrates on its combined forecasts', async () => {
    const members = [
      { architecture: 'mlp', params: { hidden: [8] }, lookback: 12 },
      { architecture: 'mlp', params: { hidden: [8] } },
    ];
    const spec = { architecture: 'ensemble', lookback: 24, horizon: 4, params: { combine: 'mean', members } };
    const train = [series(140)];
    const input: FitTaskInput = {
      label: 'ensemble',
      spec,
      options: { epochs: 2, batchSize: 16, learningRate: 0.01, seed: 1, validationSplit: 0.2 },
      series: train,
      horizon: 4,
      champion: null,
      holdouts: [series(144).subarray(140)],
    };
    const outcome = fitOutcomeSchema.parse(deserialize(serialize(await runFitTask(fitTaskSchema.parse(input), hooks))));
    if (outcome.cancelled) throw new Error('not cancelled');
    expect(outcome.training.members?.map(({ architecture, lookback, epochs }) => ({ architecture, lookback, epochs }))).toEqual([
      { architecture: 'mlp', lookback: 12, epochs: 2 },
      { architecture: 'mlp', lookback: 24, epochs: 2 },
    ]);
    outcome.training.members!.forEach((member) => expect(member.valLoss).toEqual(expect.any(Number)));
    const loaded = await loadForecastModel(outcome.artifact);
    expect(loaded).toBeInstanceOf(EnsembleForecaster);
    expect(await loaded.predict(train[0], 4)).toEqual(outcome.forecasts[0]);
    // calibrated from the first point neither member trained on, with histories of the longer lookback
    const firstUnfitted = firstUnfittedPoint(spec, 140, 0.2);
    expect(firstUnfitted).toBeGreaterThan(firstUnfittedPoint({ ...spec, lookback: 12, architecture: 'mlp', params: {} }, 140, 0.2));
    expect(outcome.calibration.windows).toBeGreaterThan(0);
    expect(outcome.calibration.holdoutForecasts[0]?.forecast).toEqual(outcome.forecasts[0]);
    loaded.dispose();
  });

  it("trains an auto model: what it chose crosses the process boundary, short series get the seasonal naive forecast, and it calibrates on its candidates' validation targets and the holdout", async () => {
    const spec = { architecture: 'auto', lookback: 48, horizon: 4, params: { season: 24, timeBudgetSeconds: 30, maxMembers: 2 } };
    const train = [series(200), series(200, 2), series(150, 3), series(10)];
    const input: FitTaskInput = {
      label: 'auto',
      spec,
      options: { epochs: 2, seed: 1 },
      series: train,
      horizon: 4,
      champion: null,
      holdouts: train.map((values) => series(values.length + 4).subarray(values.length)),
    };
    const outcome = fitOutcomeSchema.parse(deserialize(serialize(await runFitTask(fitTaskSchema.parse(input), hooks))));
    if (outcome.cancelled) throw new Error('not cancelled');
    const auto = outcome.training.auto!;
    expect(auto).toMatchObject({ season: 24, seasonDetected: false, loss: 'mae', transforms: { log: true } });
    expect(auto.candidates.length).toBeGreaterThan(0);
    for (const candidate of auto.candidates) {
      expect(candidate).toMatchObject({ architecture: expect.stringMatching(/^(mlp|esn)$/), epochs: expect.any(Number), kept: expect.any(Boolean) });
      expect(candidate.lookback).toBeLessThanOrEqual(48);
      // the 10-point series is too short for any candidate
      expect(candidate.series).toBeLessThanOrEqual(3);
      expect(Number.isFinite(candidate.bestValLoss)).toBe(true);
    }
    const kept = auto.candidates.filter((candidate) => candidate.kept);
    expect(kept.length).toBeGreaterThanOrEqual(1);
    expect(kept.length).toBeLessThanOrEqual(2);
    expect(auto.minHistory).toBe(Math.max(...kept.map((candidate) => candidate.lookback)));
    expect(auto.reasons.length).toBeGreaterThan(0);
    const loaded = await loadForecastModel(outcome.artifact);
    expect(loaded).toBeInstanceOf(AutoForecaster);
    expect(await loaded.predict(train[0], 4)).toEqual(outcome.forecasts[0]);
    expect((loaded as AutoForecaster).methodFor(train[3])).toBe('naive');
    expect(outcome.forecasts[3]).toEqual(seasonalNaiveForecast(train[3], 4, 24));
    // the kept candidates' validation targets calibrate before the holdout, from the first point none trained on
    expect(outcome.calibration.beforeHoldout.every((step) => step.length > 0)).toBe(true);
    expect(outcome.calibration.inHoldout.every((step) => step.length > 0)).toBe(true);
    // each window's residuals over the spread of the model's lookback, not of the one point auto accepts as a history
    expect(outcome.calibration.scale).toEqual({ kind: 'window-std', points: 48 });
    const unfitted = train.map((values) => (loaded as AutoForecaster).firstUnfittedPoint(values.length));
    expect(unfitted[0]).toBeGreaterThan(150);
    expect(unfitted[0]).toBeLessThan(200);
    expect(unfitted[3]).toBe(0);
    loaded.dispose();
  });

  describe('conformal calibration', () => {
    const spec = { architecture: 'mlp', lookback: 12, horizon: 4, params: { hidden: [8] } };
    const holdoutOf = (length: number, scale = 1) => series(length + 4, scale).subarray(length);
    const holdouts = (train: Float64Array[]) => train.map((values, i) => ({ key: `s${i}`, history: values, actual: holdoutOf(values.length, i + 1) }));

    it('forecasts every target the fit did not train on, split at the holdout, and the trainer stores it as the calibration and scores the holdout', async () => {
      const train = [series(120), series(120, 2)];
      const input: FitTaskInput = {
        label: 'calibrated',
        spec,
        options: { epochs: 3, batchSize: 16, learningRate: 0.01, seed: 1, validationSplit: 0.2 },
        series: train,
        horizon: 4,
        champion: null,
        holdouts: holdouts(train).map(({ actual }) => actual),
      };
      const outcome = fitOutcomeSchema.parse(deserialize(serialize(await runFitTask(fitTaskSchema.parse(input), hooks))));
      if (outcome.cancelled) throw new Error('not cancelled');
      const { calibration } = outcome;
      // 105 windows of 12 + 4 per series; 21 validate after a gap of 3: points 96…119 were never a training target,
      // then the 4 holdout points; origins 93…123 reach them at every step
      expect(calibration.scale).toEqual({ kind: 'window-std', points: 12 }); // a global model: residuals over each window's spread
      expect(calibration.windows).toBe(2 * 31);
      expect(calibration.beforeHoldout.map((step) => step.length)).toEqual([48, 48, 48, 48]);
      expect(calibration.inHoldout.map((step) => step.length)).toEqual([8, 8, 8, 8]);
      expect(calibration.holdoutForecasts.map((made) => made?.forecast.length)).toEqual([4, 4]);

      const { calibration: stored, intervals } = intervalMetricsOf(calibration, holdouts(train));
      expect(stored).toMatchObject({ method: 'conformal', scale: { kind: 'window-std', points: 12 }, windows: 62, series: 2 });
      expect(stored!.steps.map((step) => step.n)).toEqual([56, 56, 56, 56]);
      // 48 residuals before the holdout support the 80% and the 95% interval
      expect(intervals).toEqual({ method: 'conformal', calibrationResiduals: 48, coverage80: expect.any(Number), coverage95: expect.any(Number), msis: expect.any(Number) });
      expect(intervals!.coverage95).toBeGreaterThanOrEqual(intervals!.coverage80!);
    });

    it('a model of one series without a validation split calibrates on rolling origins inside the holdout, in the series’ units, and scores no holdout intervals', async () => {
      const train = [series(120)];
      const model = { name: 'one', architecture: 'mlp', lookback: 12, horizon: 4, params: { hidden: [8] }, quantiles: [], calendar: [], holidays: [], transforms: null, training: { epochs: 2, validationSplit: 0, seed: 1 } } as unknown as Model;
      const input = fitTaskOf(model, train, null, holdouts(train));
      // the holdouts cross the process boundary as copies of their own, not as views of the whole series
      expect(input.holdouts![0].buffer.byteLength).toBe(4 * Float64Array.BYTES_PER_ELEMENT);
      const task = fitTaskSchema.parse(input);
      const outcome = await runFitTask(task, hooks);
      if (outcome.cancelled) throw new Error('not cancelled');
      expect(outcome.calibration.scale).toEqual({ kind: 'absolute' });
      expect(outcome.calibration.beforeHoldout).toEqual([[], [], [], []]);
      expect(outcome.calibration.inHoldout.map((step) => step.length)).toEqual([4, 4, 4, 4]); // origins 117…123
      // the holdout forecast is what the API would serve from the last 12 values, and its residuals are among the calibration's
      const loaded = await Forecaster.load(outcome.artifact);
      const forecast = await loaded.predict(train[0].subarray(108), 4);
      loaded.dispose();
      expect(outcome.calibration.holdoutForecasts[0]!.forecast).toEqual(forecast);
      const actual = holdouts(train)[0].actual;
      forecast.forEach((value, h) => expect(outcome.calibration.inHoldout[h]).toContainEqual(actual[h] - value));
      expect(intervalMetricsOf(outcome.calibration, holdouts(train))).toMatchObject({ calibration: { steps: [{ n: 4 }, { n: 4 }, { n: 4 }, { n: 4 }] }, intervals: null });
    });
  });

  describe('training options', () => {
    /** A model row as the registry stores it (training as the contract parsed it). */
    const model = (fields: Partial<Model>) =>
      ({ name: 'with-options', architecture: 'mlp', lookback: 12, horizon: 4, params: { hidden: [8] }, quantiles: [], calendar: [], holidays: [], transforms: null, training: {}, ...fields }) as Model;
    const training = {
      epochs: 4,
      batchSize: 16,
      learningRate: 0.01,
      validationSplit: 0.2,
      patience: 3,
      seed: 2,
      maxPoints: 500,
      loss: 'huber',
      clipNorm: 0.5,
      schedule: { kind: 'step', every: 2, factor: 0.5 },
      minDelta: 0.0001,
      restoreBestWeights: false,
      timeBudgetSeconds: 600,
    };

    afterEach(() => jest.restoreAllMocks());

    it('every training option of the model crosses the process boundary and reaches the forecaster’s fit', async () => {
      const seen: FitManyOptions[] = [];
      const fitMany = Forecaster.prototype.fitMany;
      jest.spyOn(Forecaster.prototype, 'fitMany').mockImplementation(function (this: Forecaster, series, options) {
        seen.push(options);
        return fitMany.call(this, series, options);
      });
      // the task as the trainer sends it: its options through the IPC's structured clone (the series too in production;
      // here jest's realm would not see them as Float64Arrays), then the child's parse
      const task = fitTaskOf(model({ training }), [series(120), series(120, 3)], null);
      const parsed = parentMessageSchema.parse({ type: 'fit', task: { ...task, options: deserialize(serialize(task.options)) } });
      if (parsed.type !== 'fit') throw new Error('a fit message');
      const outcome = await runFitTask(parsed.task, hooks);
      expect(outcome.cancelled).toBe(false);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({
        epochs: 4,
        batchSize: 16,
        learningRate: 0.01,
        validationSplit: 0.2,
        patience: 3,
        seed: 2,
        loss: 'huber',
        clipNorm: 0.5,
        learningRateSchedule: { type: 'step', stepSize: 2, gamma: 0.5 },
        minDelta: 0.0001,
        restoreBestWeights: false,
        timeBudgetSeconds: 600,
      });
      expect(seen[0]).not.toHaveProperty('maxPoints'); // the trainer reads the data with it
    });

    it('a model with quantiles trains on its pinball loss without handing the forecaster a `loss` (which it would refuse)', async () => {
      const task = fitTaskSchema.parse(fitTaskOf(model({ quantiles: [0.1, 0.5, 0.9], training: { epochs: 2, batchSize: 16, seed: 1, loss: 'pinball' } }), [series(120)], null));
      expect(task.options).not.toHaveProperty('loss');
      const outcome = await runFitTask(task, hooks);
      expect(outcome.cancelled).toBe(false);
    });

    it('a fit stopped by its time budget says so in the training summary the trainer receives', async () => {
      // a microsecond (the contract's least is a second): gone before the first epoch ends, which still completes
      const options = { epochs: 50, batchSize: 16, seed: 1, timeBudgetSeconds: 1e-6 };
      const task = fitTaskSchema.parse({ label: 'budget', spec: { architecture: 'mlp', lookback: 12, horizon: 4, params: { hidden: [8] } }, options, series: [series(120)], horizon: 4, champion: null });
      const outcome = fitOutcomeSchema.parse(deserialize(serialize(await runFitTask(task, hooks))));
      if (outcome.cancelled) throw new Error('not cancelled');
      expect(outcome.training).toMatchObject({ epochs: 1, stopReason: 'time-budget', stoppedEarly: false });
    });

    it('lineage lists every training option, with the loss the model trains on when it chose none', () => {
      expect(lineageParams(model({ training }))).toMatchObject({ hidden: [8], lookback: 12, horizon: 4, ...training });
      expect(lineageParams(model({ training: { epochs: 2 } }))).toMatchObject({ epochs: 2, loss: 'mse', schedule: { kind: 'constant' }, minDelta: 0, restoreBestWeights: true });
      expect(lineageParams(model({ quantiles: [0.1, 0.5, 0.9], training: {} }))).toMatchObject({ loss: 'pinball', quantiles: [0.1, 0.5, 0.9] });
    });
  });
});
