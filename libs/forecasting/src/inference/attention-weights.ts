import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../errors';
import { isAttentionLayer } from '../models';

/**
 * Attention weights of the model's last attention layer for one window ([1, lookback, features]), as
 * [head][query][key]. Throws when the architecture has no attention layer.
 */
export async function attentionWeightsOf(model: tf.LayersModel, window: tf.Tensor3D, architecture: string): Promise<number[][][]> {
  const layer = model.layers.filter(isAttentionLayer).pop();
  if (!layer) {
    window.dispose();
    throw new InvalidArgumentError(`architecture "${architecture}" has no attention layer`);
  }
  const view = tf.model({ inputs: model.inputs, outputs: (layer.output as tf.SymbolicTensor[])[layer.attentionOutputIndex] });
  const weights = tf.tidy(() => view.predict(window) as tf.Tensor);
  try {
    return ((await weights.array()) as number[][][][])[0];
  } finally {
    weights.dispose();
    window.dispose();
  }
}
