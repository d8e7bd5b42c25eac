/** Trains one benchmark case with tsf's Forecaster: warm-up epochs, then timed epochs; final validation loss. */
import { Forecaster } from '@tsf/forecasting';
import type { BenchCase } from './cases';
import type { BenchData } from './dataset';
import type { BenchSettings } from './settings';

export interface TrainFigures {
  samplesPerSecond: number;
  valLoss: number;
}

export async function trainTsf(c: BenchCase, data: BenchData, s: BenchSettings): Promise<{ figures: TrainFigures; forecaster: Forecaster }> {
  const forecaster = Forecaster.create({ architecture: c.tsf.architecture, lookback: s.lookback, horizon: s.horizon, params: c.tsf.params });
  const options = { batchSize: s.batchSize, learningRate: s.learningRate, validationSplit: s.validationSplit, seed: s.seed };
  await forecaster.fit(data.series, { ...options, epochs: s.warmupEpochs });
  const fit = await forecaster.fit(data.series, { ...options, epochs: s.epochs });
  if (fit.trainSamples !== data.split.train) throw new Error(`tsf trained on ${fit.trainSamples} windows, the reference on ${data.split.train}`);
  return { figures: { samplesPerSecond: fit.samplesPerSecond, valLoss: fit.valLoss ?? Number.NaN }, forecaster };
}
