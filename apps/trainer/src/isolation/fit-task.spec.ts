import { Forecaster, initBackend } from '@tsf/forecasting';
import { fitTaskSchema, type FitTaskInput } from './child-messages';
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
});
