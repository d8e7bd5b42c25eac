import type * as tf from '@tensorflow/tfjs';
import type { TrainingContext } from './callback';
import { BestEpoch } from './best-epoch';
import { EarlyStopping } from './early-stopping';
import { LearningRateScheduler } from './learning-rate-scheduler';
import { TimeBudget } from './time-budget';

/** A context for driving a callback by hand, recording what it asks of the loop. */
function handContext(): TrainingContext & { stops: string[] } {
  const stops: string[] = [];
  return { model: null as unknown as tf.LayersModel, epochs: 10, startedAt: 0, epochsCompleted: 0, learningRate: 1, partialEpoch: false, stops, stop: (r) => void stops.push(r) };
}

const epochLogs = (epoch: number, monitored: number) => ({ epoch, loss: monitored, monitored, learningRate: 1, info: {} });

describe('training callbacks driven by hand', () => {
  it('early stopping waits `patience` epochs that do not beat the best by more than minDelta', () => {
    const best = new BestEpoch(0.1);
    const stopping = new EarlyStopping(best, 2);
    const ctx = handContext();
    [1.0, 0.95, 0.5, 0.45, 0.44].forEach((loss, i) => {
      best.onEpochEnd(epochLogs(i + 1, loss));
      stopping.onEpochEnd(undefined, ctx);
    });
    // 0.95 and 0.45 are within minDelta of the best before them; 0.44 is the second epoch without improvement
    expect({ bestEpoch: best.bestEpoch, bestLoss: best.bestLoss, stops: ctx.stops }).toEqual({ bestEpoch: 3, bestLoss: 0.5, stops: ['early-stopping'] });
  });

  it('a plateau schedule halves the rate the epoch after the monitored loss stopped improving', () => {
    const scheduler = new LearningRateScheduler({ type: 'plateau', patience: 1, factor: 0.5 }, 0.1, 10);
    const ctx = handContext();
    const rates = [1, 0.5, 0.6, 0.4].map((loss, epoch) => {
      scheduler.onEpochBegin(epoch, ctx);
      scheduler.onEpochEnd(epochLogs(epoch + 1, loss));
      return ctx.learningRate;
    });
    expect(rates).toEqual([0.1, 0.1, 0.1, 0.05]);
  });

  it('a time budget stops the fit at the end of the first epoch that ends with the budget spent, on its clock', () => {
    const ctx = handContext(); // the fit started at 0 ms
    const clock = [900, 1999, 2000, 2500];
    const budget = new TimeBudget(2, () => clock.shift()!);
    const stopsAfter = [1, 2, 3].map((epoch) => {
      budget.onEpochEnd(epochLogs(epoch, 1), ctx);
      return [...ctx.stops];
    });
    expect(stopsAfter).toEqual([[], [], ['time-budget']]);
  });

  it('a time budget must be positive', () => {
    expect(() => new TimeBudget(0)).toThrow('a time budget must be positive, got 0 seconds');
  });

});
