import type { Model } from '@tsf/db';
import { type FitManyOptions, Forecaster, initBackend } from '@tsf/forecasting';
import { deserialize, serialize } from 'node:v8';
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

  describe('training options', () => {
    /** A model row as the registry stores it (training as the contract parsed it). */
    const model = (fields: Partial<Model>) =>
      ({ name: 'with-options', architecture: 'mlp', lookback: 12, horizon: 4, params: { hidden: [8] }, quantiles: [], transforms: null, training: {}, ...fields }) as Model;
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
