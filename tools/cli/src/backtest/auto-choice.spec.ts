import type { AutoChoice } from '@tsf/forecasting';
import { autoChoiceLines, describeTransforms } from './auto-choice';

const choice: AutoChoice = {
  season: 24,
  seasonDetected: false,
  transforms: { log: true, scale: 'none', level: { mean: 24 } },
  loss: 'mae',
  validationMetric: 'log-mae',
  validationSplit: 0.02,
  candidates: [
    { architecture: 'mlp', lookback: 48, hidden: [128, 128], minLength: 102, series: 5, epochs: 2, batchSize: 32, bestValLoss: 0.0049878, validationScore: 0.061, kept: true },
    { architecture: 'mlp', lookback: 96, hidden: [256, 256], minLength: 150, series: 4, epochs: 7, batchSize: 64, bestValLoss: 0.0123, validationScore: 0.09, stopReason: 'early-stopping', kept: false },
    { architecture: 'esn', lookback: 48, minLength: 102, series: 5, epochs: 1, estimatedSeconds: 0.2, bestValLoss: 0.3, validationScore: 0.08, kept: false },
  ],
  combine: 'single',
  minHistory: 48,
  reasons: ['lookbacks 48, 96: because', 'kept the best of 2 candidate(s) by validation loss'],
};

describe("auto's choice on stderr", () => {
  it('names the season and its source, the transforms, the loss, each candidate (an ESN too) with its validation score, the combination and the reasons', () => {
    expect(autoChoiceLines('auto fold 2/3', choice, true)).toEqual([
      'auto fold 2/3: season 24 (detected: --season auto); transforms: log, no scaling, each window minus the mean of its last 24 values; loss mae',
      '  candidate 1: mlp, lookback 48, hidden 128×128, 2 epoch(s) on 5 series, best validation loss 0.004988, validation score 0.061: kept',
      '  candidate 2: mlp, lookback 96, hidden 256×256, 7 epoch(s) on 4 series, best validation loss 0.0123, validation score 0.09 (stopped: early-stopping): not kept',
      '  candidate 3: esn, lookback 48, readout in closed form, 1 epoch(s) on 5 series, best validation loss 0.3, validation score 0.08: not kept',
      '  combine: the one kept candidate; histories shorter than 48 values get seasonal naive (naive under 24)',
      '  why: lookbacks 48, 96: because',
      '  why: kept the best of 2 candidate(s) by validation loss',
    ]);
    expect(autoChoiceLines('auto', choice, false)[0]).toMatch(/^auto: season 24 \(given: --season\);/);
    expect(autoChoiceLines('auto', { ...choice, seasonDetected: true }, false)[0]).toMatch(/^auto: season 24 \(detected by auto\);/);
  });

  it('says when no candidate trained and every series gets seasonal naive', () => {
    const none: AutoChoice = { ...choice, candidates: [], combine: 'seasonal-naive', minHistory: 0, reasons: ['no lookback: too short'] };
    expect(autoChoiceLines('auto', none, true).slice(1)).toEqual([
      '  no candidate: no series is long enough to train on',
      '  combine: none, no candidate trained: every series gets the seasonal naive forecast',
      '  why: no lookback: too short',
    ]);
  });

  it('describes z-scored series without a log and with the last value as the level', () => {
    expect(describeTransforms({ scale: 'standard', level: 'last' })).toBe('each series z-scored, each window minus its last value');
    expect(describeTransforms({ log: { boxCox: 0.5 }, scale: 'mean' })).toBe('Box-Cox λ 0.5, each series divided by its mean absolute value');
  });
});
