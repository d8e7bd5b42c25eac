/**
 * MLP forecaster: the whole window, flattened, through ReLU dense layers to a direct multi-horizon head, as in
 * N-BEATS' fully connected stacks. Without hidden layers it is the linear model of the long-horizon literature
 * (DLinear / RLinear without the decomposition), trained by gradient descent.
 *   input [L, F] → flatten → N × dense(ReLU) → dense head (all outputs at once)
 * With series embeddings, their vectors join the flattened window once (models/series-embedding.ts).
 * It is the fastest architecture to train and, as a global model on level-normalized windows, the most accurate on
 * M4 Hourly (see the accuracy table in docs/benchmarks.md).
 * On the wasm backend, training batches run the whole stack as one fused op (kernels/fused-dense-model.ts); the
 * model itself stays plain tfjs layers.
 */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { fusedDenseForward } from '../kernels';
import { deriveSeed, randomSeed } from '../util/random';
import { embeddedInput } from './series-embedding';
import { registerArchitecture, type Architecture, type BuildOptions, type ModelDims } from './registry';

export const mlpConfigSchema = z
  .object({
    /** Hidden ReLU layers; none makes the model linear in its inputs. */
    hidden: z.array(z.number().int().min(1).max(4096)).max(8).default([512, 512]),
  })
  .strict();

export type MlpConfig = z.output<typeof mlpConfigSchema>;

export function buildMlpModel(config: MlpConfig, dims: ModelDims, options: BuildOptions = {}): tf.LayersModel {
  let model: tf.LayersModel | undefined;
  // the weights are variables and survive the tidy; temporaries made while initializing them do not
  tf.tidy(() => {
    const seed = options.seed ?? randomSeed();
    const { input, x } = embeddedInput(dims, seed, { flat: true });
    let h = x;
    config.hidden.forEach((units, i) => {
      const kernelInitializer = tf.initializers.heUniform({ seed: deriveSeed(seed, 'hidden', i + 1) });
      h = tf.layers.dense({ units, activation: 'relu', kernelInitializer, name: `hidden_${i + 1}` }).apply(h) as tf.SymbolicTensor;
    });
    const head = tf.layers.dense({ units: dims.horizon, kernelInitializer: tf.initializers.glorotUniform({ seed: deriveSeed(seed, 'head') }), name: 'head' });
    model = tf.model({ inputs: input, outputs: head.apply(h) as tf.SymbolicTensor, name: 'tsf_mlp' });
  });
  return model!;
}

export const mlp: Architecture<MlpConfig> = registerArchitecture({
  name: 'mlp',
  description: 'Flattened window → ReLU dense layers → direct multi-horizon head (N-BEATS-style; linear without hidden layers)',
  configSchema: mlpConfigSchema,
  build: buildMlpModel,
  trainingStep: () => ({ forward: (model, x) => fusedDenseForward(model, x) ?? (model.apply(x, { training: true }) as tf.Tensor) }),
});
