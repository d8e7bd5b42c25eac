/**
 * Seq2seq forecaster: a recurrent encoder (LSTM or GRU) reads the lookback window; an attention decoder of the same
 * cell type, started from the encoder's last hidden state, emits one step at a time with additive (Bahdanau) attention
 * over all encoder states. Trained with teacher forcing and scheduled sampling (see training/scheduled-sampling.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { bernoulliMask, samplingProbability, scheduledSamplingSchema } from '../training/scheduled-sampling';
import type { TrainingStep } from '../training/training-step';
import { FusedGRU, FusedLSTM } from '../kernels';
import { deriveSeed, mulberry32, randomSeed } from '../util/random';
import { AttentionDecoder, type DecoderTeacher } from './attention-decoder';
import { TsfLstmBias, TsfOrthogonal } from './initializers';
import { SeededDropout } from './layers';
import { embeddedInput } from './series-embedding';
import { registerArchitecture, type Architecture, type BuildOptions, type ModelDims } from './registry';

const units = z.number().int().min(1).max(1024);

export const seq2seqConfigSchema = z
  .object({
    /** Recurrent cell of encoder and decoder. */
    cell: z.enum(['lstm', 'gru']).default('lstm'),
    /** Units of the encoder and of the decoder. */
    units: units.default(32),
    /** Width of the additive attention's hidden layer. */
    attentionUnits: units.default(16),
    /** Dropout on the encoder states during training. */
    dropout: z.number().min(0).max(0.9).default(0),
    /** Curriculum for feeding the decoder its own predictions during training. */
    scheduledSampling: scheduledSamplingSchema.prefault({}),
  })
  .strict();

export type Seq2seqConfig = z.output<typeof seq2seqConfigSchema>;

/** Layout of the decoder's output: the dims' output layout, or one point value per step. */
function outputLayout(dims: ModelDims) {
  return dims.output ?? { steps: dims.horizon, targets: 1, quantiles: null };
}

export function buildSeq2seqModel(config: Seq2seqConfig, dims: ModelDims, options: BuildOptions = {}): tf.LayersModel {
  let model: tf.LayersModel | undefined;
  tf.tidy(() => {
    const seed = options.seed ?? randomSeed();
    const layout = outputLayout(dims);
    const { input, x } = embeddedInput(dims, seed);
    const common = {
      units: config.units,
      activation: 'tanh' as const,
      recurrentActivation: 'sigmoid' as const,
      returnSequences: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: deriveSeed(seed, 'encoder', 'kernel') }),
      recurrentInitializer: new TsfOrthogonal({ seed: deriveSeed(seed, 'encoder', 'recurrent') }),
      name: 'encoder',
    };
    const encoder =
      config.cell === 'lstm'
        ? new FusedLSTM({ ...common, unitForgetBias: false, biasInitializer: new TsfLstmBias({ units: config.units }) })
        : new FusedGRU({ ...common, biasInitializer: 'zeros' });
    let states = encoder.apply(x) as tf.SymbolicTensor;
    if (config.dropout > 0) states = new SeededDropout({ rate: config.dropout, seed: deriveSeed(seed, 'dropout'), name: 'dropout' }).apply(states) as tf.SymbolicTensor;
    const decoder = new AttentionDecoder({
      cell: config.cell,
      units: config.units,
      attentionUnits: config.attentionUnits,
      steps: layout.steps,
      targets: layout.targets,
      quantiles: layout.quantiles ? [...layout.quantiles] : null,
      seed: deriveSeed(seed, 'decoder'),
      name: 'decoder',
    });
    const [forecast] = decoder.apply([x, states]) as tf.SymbolicTensor[];
    model = tf.model({ inputs: input, outputs: forecast, name: `tsf_seq2seq_${config.cell}` });
  });
  return model!;
}

/**
 * Teacher forcing with scheduled sampling: in epoch e every decoder step after the first is, independently per
 * sample, fed the model's own previous forecast with probability p(e) and the true previous value otherwise.
 */
export function scheduledSamplingStep(config: Seq2seqConfig, dims: ModelDims, seed: number): TrainingStep {
  const uniform = mulberry32(seed);
  const steps = outputLayout(dims).steps;
  let p = 0;
  return {
    beginEpoch(epoch, epochs) {
      p = samplingProbability(config.scheduledSampling, epoch, epochs);
      return { samplingProbability: p };
    },
    forward(model, x, y) {
      const batch = x.shape[0];
      const teacher: DecoderTeacher = { targets: y, ownPrediction: p > 0 ? tf.tensor2d(bernoulliMask(uniform, p, batch, steps), [batch, steps]) : null };
      return model.apply(x, { training: true, teacher }) as tf.Tensor;
    },
  };
}

export const seq2seq: Architecture<Seq2seqConfig> = registerArchitecture({
  name: 'seq2seq',
  description: 'LSTM/GRU encoder-decoder with additive (Bahdanau) attention, trained with teacher forcing and scheduled sampling',
  configSchema: seq2seqConfigSchema,
  build: buildSeq2seqModel,
  trainingStep: (config, dims, { seed }) => scheduledSamplingStep(config, dims, seed),
});
