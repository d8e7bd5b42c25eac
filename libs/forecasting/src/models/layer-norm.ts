import * as tf from '@tensorflow/tfjs';
import { fusedTransformerEnabled, layerNorm } from '../kernels';

export interface LayerNormArgs {
  epsilon?: number;
  name?: string;
}

/**
 * Layer normalization over the last axis (Ba et al., 2016): y = (x − mean) / √(var + ε) · γ + β, with 2·width
 * parameters. Written with plain ops because the gradient of tfjs' own LayerNormalization is some 50 times slower on
 * the wasm backend. On the wasm backend it is one fused op per pass (kernels/layer-norm-op.ts).
 */
export class LayerNorm extends tf.layers.Layer {
  static className = 'TsfLayerNorm';
  readonly epsilon: number;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;

  constructor(args: LayerNormArgs = {}) {
    super({ name: args.name });
    this.epsilon = args.epsilon ?? 1e-3;
  }

  build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = inputShape as tf.Shape;
    const width = shape[shape.length - 1] as number;
    this.gamma = this.addWeight('gamma', [width], 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', [width], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (fusedTransformerEnabled(x)) return layerNorm(x, this.gamma!.read(), this.beta!.read(), this.epsilon);
    return tf.tidy(() => {
      const centered = tf.sub(x, tf.mean(x, -1, true));
      const variance = tf.mean(tf.square(centered), -1, true);
      return tf.add(tf.mul(tf.mul(centered, tf.rsqrt(tf.add(variance, this.epsilon))), this.gamma!.read()), this.beta!.read());
    });
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}
tf.serialization.registerClass(LayerNorm);
