import * as tf from '@tensorflow/tfjs';
import { architectures, registerArchitecture, type Architecture } from '@tsf/forecasting';
import { z } from 'zod';

export const mlpConfigSchema = z
  .object({
    /** Hidden ReLU layers; none makes the model linear in its inputs (a DLinear-style head). */
    hidden: z.array(z.number().int().min(1).max(4096)).max(8).default([512, 512]),
  })
  .strict();

export type MlpConfig = z.output<typeof mlpConfigSchema>;

/**
 * A multilayer perceptron on the whole (flattened) window, with a direct multi-horizon head: the N-BEATS-style
 * global model of the accuracy benchmark, and, without hidden layers, the linear model of the ETTh1 literature.
 * Registered by the benchmark through the lib's public registry, so the lib's training loop trains it.
 */
export const mlp: Architecture<MlpConfig> =
  (architectures.mlp as Architecture<MlpConfig> | undefined) ??
  registerArchitecture({
    name: 'mlp',
    description: 'Flattened window → ReLU dense layers → linear multi-horizon head (linear without hidden layers)',
    configSchema: mlpConfigSchema,
    build(config, dims, options = {}) {
      const seed = options.seed ?? 0;
      let model: tf.LayersModel | undefined;
      // the weights are variables and survive the tidy; temporaries made while initializing them do not
      tf.tidy(() => {
        const input = tf.input({ shape: [dims.lookback, dims.features], name: 'input' });
        let h = tf.layers.flatten({ name: 'flatten' }).apply(input) as tf.SymbolicTensor;
        config.hidden.forEach((units, i) => {
          const kernelInitializer = tf.initializers.heUniform({ seed: seed + i + 1 });
          h = tf.layers.dense({ units, activation: 'relu', kernelInitializer, name: `hidden_${i + 1}` }).apply(h) as tf.SymbolicTensor;
        });
        const head = tf.layers.dense({ units: dims.horizon, kernelInitializer: tf.initializers.glorotUniform({ seed }), name: 'head' });
        model = tf.model({ inputs: input, outputs: head.apply(h) as tf.SymbolicTensor, name: 'tsf_mlp' });
      });
      return model as tf.LayersModel;
    },
  });
