/**
 * How auto builds and fits each kind of candidate: an MLP by gradient descent in the plan's loss within its share of the
 * time budget, with early stopping on the validation windows; an ESN's readout by least squares in one pass, on its
 * training windows only (the validation windows stay unseen, as the MLPs'). Both on the plan's transforms (an ESN's
 * with each series z-scored, forEsn), and both validation splits the plan's.
 */
import type { ForecastModel } from '../ensembles/forecast-model';
import { Forecaster } from '../forecaster';
import { EsnForecaster } from '../reservoir';
import { forEsn } from '../reservoir/esn-transforms';
import type { FitManyOptions } from '../training';
import type { AutoCandidate, AutoPlan } from './auto-plan';

/** The unfitted model of a candidate forecasting `horizon` steps. */
export function candidateModel(candidate: AutoCandidate, plan: AutoPlan, horizon: number): ForecastModel {
  const { lookback } = candidate;
  if (candidate.architecture === 'esn') return EsnForecaster.create({ architecture: 'esn', lookback, horizon, params: { ...candidate.params }, transforms: forEsn(plan.transforms) });
  return Forecaster.create({ architecture: 'mlp', lookback, horizon, params: { hidden: [...candidate.params.hidden] }, transforms: plan.transforms });
}

/**
 * The options of a candidate's fit: the auto fit's own (its seed, cancellation, progress) with the plan's training; an
 * MLP may train `seconds` (its share of what is left of the budget).
 */
export function candidateFitOptions(candidate: AutoCandidate, plan: AutoPlan, options: FitManyOptions, seconds: number): FitManyOptions {
  if (candidate.architecture === 'esn') return { ...options, epochs: 1, loss: 'mse', validationSplit: plan.validationSplit };
  return {
    ...options,
    epochs: candidate.epochs,
    batchSize: candidate.batchSize,
    learningRate: plan.learningRate,
    learningRateSchedule: { type: 'cosine', minLearningRate: plan.learningRate / 10 },
    clipNorm: plan.clipNorm,
    patience: plan.patience,
    minDelta: 0,
    restoreBestWeights: true,
    validationSplit: plan.validationSplit,
    loss: plan.loss,
    timeBudgetSeconds: seconds,
  };
}
