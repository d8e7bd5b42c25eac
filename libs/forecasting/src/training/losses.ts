import * as tf from '@tensorflow/tfjs';

export type LossName = 'mse' | 'mae' | 'huber' | 'smape';

/** The named point losses (a quantile head trains on the pinball loss instead). */
export const LOSS_NAMES = ['mse', 'mae', 'huber', 'smape'] as const satisfies readonly LossName[];

/** Below this, |y| + |ŷ| is taken as this in sMAPE's denominator: a step where both are 0 costs 0, as in the metric. */
const SMAPE_FLOOR = 1e-8;

/** A training loss: targets and model outputs (same batch) to a scalar. Runs inside the gradient tape. */
export type LossFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

export function pointLoss(name: LossName): LossFn {
  switch (name) {
    case 'mse':
      return (yTrue, yPred) => tf.mean(tf.squaredDifference(yPred, yTrue));
    case 'mae':
      return (yTrue, yPred) => tf.mean(tf.abs(tf.sub(yPred, yTrue)));
    case 'huber':
      return (yTrue, yPred) => tf.losses.huberLoss(yTrue, yPred, undefined, 1.0) as tf.Scalar;
    case 'smape':
      return smapeLoss;
  }
}

/**
 * Differentiable sMAPE as a fraction: mean of 2·|y − ŷ| / (|y| + |ŷ|), so 100 × the loss is the sMAPE metric
 * (metrics/point.ts) of the values the network sees. Scale-free: multiplying a series by a constant leaves it
 * unchanged, so on values that were only rescaled (transforms.scale 'mean' or 'none', no log, no level) it is the
 * series' own sMAPE; on shifted values (z-scores, levels, logs) it is not, and the contract and parseFitOptions refuse it.
 */
const smapeLoss: LossFn = (yTrue, yPred) =>
  tf.tidy(() => {
    const denominator = tf.maximum(tf.add(tf.abs(yTrue), tf.abs(yPred)), SMAPE_FLOOR);
    return tf.mean(tf.div(tf.mul(2, tf.abs(tf.sub(yPred, yTrue))), denominator));
  });

/**
 * Mean pinball (quantile) loss. `yTrue` is [batch, n] and `yPred` is [batch, n · levels.length] laid out with the
 * quantile levels innermost (value i of level k at i · levels.length + k). For each level q and error e = y − ŷ_q
 * the loss is max(q·e, (q − 1)·e), averaged over batch, values and levels.
 */
export function pinballLoss(levels: readonly number[]): LossFn {
  for (const q of levels) if (!(q > 0 && q < 1)) throw new RangeError(`pinball: quantile levels must lie in (0, 1), got ${q}`);
  return (yTrue, yPred) =>
    tf.tidy(() => {
      const k = levels.length;
      const predicted = tf.reshape(yPred, [yTrue.shape[0], -1, k]);
      const error = tf.sub(tf.expandDims(yTrue, 2), predicted);
      const q = tf.tensor1d(levels as number[]);
      return tf.mean(tf.maximum(tf.mul(q, error), tf.mul(tf.sub(q, 1), error)));
    });
}
