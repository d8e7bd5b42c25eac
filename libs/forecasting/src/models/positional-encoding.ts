import * as tf from '@tensorflow/tfjs';

/** Sinusoidal positional encoding (Vaswani et al., 2017), [length, width] row-major: PE(p, 2i) = sin(p / 10000^(2i/width)), PE(p, 2i+1) = cos(·). */
export function sinusoidalPositionalEncoding(length: number, width: number): Float32Array {
  const table = new Float32Array(length * width);
  for (let p = 0; p < length; p++) {
    for (let i = 0; i < width; i++) {
      const angle = p / 10000 ** ((2 * Math.floor(i / 2)) / width);
      table[p * width + i] = i % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return table;
}

/** Adds the sinusoidal positional encoding to [batch, length, width] inputs. No weights. */
export class PositionalEncoding extends tf.layers.Layer {
  static className = 'TsfPositionalEncoding';

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const [, length, width] = x.shape;
    return tf.tidy(() => tf.add(x, tf.tensor2d(sinusoidalPositionalEncoding(length, width), [length, width])));
  }
}
tf.serialization.registerClass(PositionalEncoding);
