import { Forecaster } from '@tsf/forecasting';
import type { FitTaskInput } from './child-messages';
import { ChildCrashError, ChildStartError, TrainingChild } from './training-child';

/** Real training processes (forked job runners on the wasm backend), driven through the protocol as the trainer drives them. */
describe('trainer › training process', () => {
  const env = { ...process.env, TSF_TF_BACKEND: 'wasm' };
  beforeEach(() => {
    process.env = { ...env };
  });

  const series = (length: number, shift = 0) => Float64Array.from({ length }, (_, i) => 10 + shift + 5 * Math.sin((2 * Math.PI * i) / 24));
  const task = (label: string, epochs: number, champion: Uint8Array | null = null): FitTaskInput => ({
    label,
    spec: { architecture: 'gru', lookback: 12, horizon: 4, params: { layers: [4] } },
    options: { epochs, batchSize: 16, learningRate: 0.01, patience: 10_000, seed: 1 },
    series: [series(120), series(120, 3)],
    horizon: 4,
    champion,
  });
  const noStop = { report: async () => undefined, shouldStop: () => false };

  it('trains in its own process: reports every epoch, hands back a loadable artifact and a forecast of each holdout, champion included', async () => {
    const child = await TrainingChild.start();
    expect(child.backend).toBe('wasm');
    const epochs: number[] = [];
    const first = await child.fit(task('plain', 3), { report: async (p) => void (p.epoch && epochs.push(p.epoch)), shouldStop: () => false }, 5_000);
    expect(epochs).toEqual([1, 2, 3]);
    if (first.cancelled) throw new Error('not cancelled');
    expect(first.forecasts.map((forecast) => forecast.length)).toEqual([4, 4]);
    expect(first.championForecasts).toBeNull();
    const loaded = await Forecaster.load(first.artifact);
    expect(await loaded.predict(series(120), 4)).toEqual(first.forecasts[0]);
    loaded.dispose();

    const second = await (await TrainingChild.start()).fit(task('with-champion', 1, first.artifact), noStop, 5_000);
    if (second.cancelled) throw new Error('not cancelled');
    expect(second.championForecasts).toEqual(first.forecasts);
  });

  it('a process that cannot come up is a start error naming why, not a job failure', async () => {
    process.env.TSF_TF_BACKEND = 'abacus';
    const start = TrainingChild.start();
    await expect(start).rejects.toBeInstanceOf(ChildStartError);
    await expect(start).rejects.toThrow(/^the training process could not start: invalid configuration:\n {2}TSF_TF_BACKEND: /);
  });

  it('stops at the next epoch when asked, and exits', async () => {
    const child = await TrainingChild.start();
    let epochs = 0;
    const outcome = await child.fit(task('stopped', 10_000), { report: async () => void epochs++, shouldStop: () => epochs >= 2 }, 60_000);
    expect(outcome).toEqual({ cancelled: true });
    expect(epochs).toBeLessThan(20);
  });

  it('a native crash (abort) fails the fit with the signal; a fresh process afterwards trains normally', async () => {
    process.env.TSF_TEST_CHILD_FAULT = 'doomed:abort';
    const doomed = await TrainingChild.start();
    const crash = doomed.fit(task('doomed', 3), noStop, 5_000);
    await expect(crash).rejects.toBeInstanceOf(ChildCrashError);
    await expect(crash).rejects.toThrow(/^the training process was killed by SIGABRT during the job/);
    const next = await TrainingChild.start();
    expect(await next.fit(task('healthy', 1), noStop, 5_000)).toMatchObject({ cancelled: false, training: { epochs: 1 } });
  });

  it('an epoch that never ends is killed once the stop grace has passed', async () => {
    process.env.TSF_TEST_CHILD_FAULT = 'stuck:hang';
    const child = await TrainingChild.start();
    let reported = false;
    // Without the kill, fit() would never settle and the test would time out.
    const outcome = await child.fit(task('stuck', 3), { report: async () => void (reported = true), shouldStop: () => reported }, 1_000);
    expect(outcome).toEqual({ cancelled: true });
  }, 30_000);
});
