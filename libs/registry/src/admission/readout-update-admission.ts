import type { Model } from '@tsf/db';
import { esnTrainingCost, validateSpec } from '@tsf/forecasting';
import { forecasterSpecOf } from '../models/model-store';
import { bytesInWords, countInWords, secondsInWords } from './cost-words';
import type { Admission, AdmissionLimits, TrainingEstimate } from './training-admission';
import { trainingSeconds } from './training-throughput';

/**
 * A recursive least-squares step per window and reservoir (Px, the rank-one update of P, the error and the weights'
 * update: 2·features² + 2·features·horizon multiply-adds) against the fit's row of the normal equations
 * (features²/2 + features·horizon): at most this many times its share of a window's cost, the reservoir's pass the same.
 */
const UPDATE_STEP_OVER_FIT_ROW = 4;

/** The windows an update learns: in all, and the most of one segment (the windows updateReadout holds at a time). */
export interface UpdateWindows {
  total: number;
  largest: number;
}

/**
 * Admits an `update-readout` job of an online ESN, or names the limit it exceeds (memory, then time) with the estimate
 * in words. Its time is bounded by the fit's estimate over the same windows with each window's cost ×
 * UPDATE_STEP_OVER_FIT_ROW and no ridge solve (errs towards refusing, as every estimate does); its memory by the fit's
 * over the windows of its largest segment, since each segment's windows are cut, learnt and dropped in turn. Its
 * parameters were admitted when the model was.
 */
export function admitReadoutUpdate(model: Model, windows: UpdateWindows, limits: AdmissionLimits): Admission {
  const spec = validateSpec(forecasterSpecOf(model));
  const fit = esnTrainingCost(spec, windows.total);
  const { windowBytes, trainingMemoryBytes } = esnTrainingCost(spec, windows.largest);
  const cost = { ...fit, windowBytes, trainingMemoryBytes, totalFlops: UPDATE_STEP_OVER_FIT_ROW * windows.total * fit.flopsPerWindow };
  const estimate: TrainingEstimate = { ...cost, seconds: trainingSeconds(cost) };
  const refuse = (limit: 'TSF_MAX_TRAINING_MEMORY_MB' | 'TSF_MAX_JOB_SECONDS', detail: string): Admission => ({ ok: false, limit, estimate, detail });
  if (estimate.trainingMemoryBytes > limits.maxTrainingMemoryBytes) {
    return refuse(
      'TSF_MAX_TRAINING_MEMORY_MB',
      `the readout update would need about ${bytesInWords(estimate.trainingMemoryBytes)} of memory; TSF_MAX_TRAINING_MEMORY_MB is ${limits.maxTrainingMemoryBytes / 2 ** 20}`,
    );
  }
  if (estimate.seconds > limits.maxJobSeconds) {
    return refuse(
      'TSF_MAX_JOB_SECONDS',
      `the readout update of ${countInWords(windows.total)} windows would take about ${secondsInWords(estimate.seconds)}; TSF_MAX_JOB_SECONDS is ${limits.maxJobSeconds} (${secondsInWords(limits.maxJobSeconds)})`,
    );
  }
  return { ok: true, estimate, windowsPerEpoch: windows.total };
}
