import type * as tf from '@tensorflow/tfjs';

/**
 * Runs `train` on `model`; if it throws (a divergence, a cancellation mid-step), a model that was already fitted gets
 * its weights from before the call back, and a fresh one is handed to `discard`. The error is rethrown either way.
 */
export async function trainWithRollback<T>(model: tf.LayersModel, fitted: boolean, train: () => Promise<T>, discard: () => void): Promise<T> {
  const snapshot = fitted ? model.getWeights().map((w) => w.clone()) : null;
  try {
    return await train();
  } catch (err) {
    if (snapshot) model.setWeights(snapshot);
    else discard();
    throw err;
  } finally {
    snapshot?.forEach((t) => t.dispose());
  }
}
