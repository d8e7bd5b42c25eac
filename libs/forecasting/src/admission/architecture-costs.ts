/**
 * The cost of each registered architecture per training window, mirroring what its `build` creates (models/): the
 * parameter counts are exact (the spec checks them against tfjs' countParams), multiply-adds and kept activations are
 * the dominant terms.
 */
import type { GruConfig, LstmConfig, MlpConfig, ModelDims, RnnConfig, Seq2seqConfig, TransformerConfig } from '../models';
import { type Cost, dense, kept, layerNorm, NO_COST, recurrentLayer, selfAttention, times, total, weightsOf } from './layer-costs';

/**
 * How an architecture's work runs, which sets its throughput: fused recurrent kernels, attention and dense products
 * of tfjs ops, a decoder unrolled step by step in small tfjs ops (seq2seq), or an ESN's float64 JavaScript loops (its
 * reservoirs and readout, reservoir-cost.ts).
 */
export type ArchitectureFamily = 'recurrent' | 'attention' | 'dense' | 'decoder' | 'reservoir';

export interface ArchitectureCost {
  family: ArchitectureFamily;
  /** The cost of one training window through a model built with these (validated) params and dims. */
  perWindow(params: unknown, dims: ModelDims): Cost;
}

const RECURRENT_GATES = { lstm: 4, gru: 3, rnn: 1 } as const;

/** models/recurrent.ts: stacked (optionally bidirectional) recurrent layers, dropout, ReLU head layers, linear head. */
function recurrentStack(kind: keyof typeof RECURRENT_GATES): ArchitectureCost {
  return {
    family: 'recurrent',
    perWindow(params, dims) {
      const config = params as LstmConfig | GruConfig | RnnConfig;
      const directions = config.bidirectional ? 2 : 1;
      let width = dims.features;
      const layers = config.layers.map((units, i) => {
        const layer = times(directions, recurrentLayer(RECURRENT_GATES[kind], width, units, dims.lookback));
        width = directions * units;
        // every layer but the last passes its whole sequence on (and drops out all of it)
        const outputs = i < config.layers.length - 1 ? dims.lookback * width : width;
        return config.dropout > 0 ? total(layer, kept(2 * outputs)) : layer;
      });
      const head = config.headUnits.map((units) => {
        const layer = dense(width, units, 1, true);
        width = units;
        return layer;
      });
      return total(...layers, ...head, dense(width, dims.horizon));
    },
  };
}

/** models/mlp.ts: the flattened window through ReLU layers to the head. */
const mlpCost: ArchitectureCost = {
  family: 'dense',
  perWindow(params, dims) {
    const config = params as MlpConfig;
    let width = dims.lookback * dims.features;
    const hidden = config.hidden.map((units) => {
      const layer = dense(width, units, 1, true);
      width = units;
      return layer;
    });
    return total(kept(width), ...hidden, dense(width, dims.horizon));
  },
};

/** models/transformer.ts: projection and positions, pre-norm blocks (attention, feed-forward, residuals), final norm, flattened head. */
const transformerCost: ArchitectureCost = {
  family: 'attention',
  perWindow(params, dims) {
    const { dModel, heads, layers, ffUnits, dropout, causal } = params as TransformerConfig;
    const positions = dims.lookback;
    const tokens = positions * dModel;
    const dropouts = dropout > 0 ? kept(4 * tokens) : kept(0);
    const block = total(
      layerNorm(dModel, positions),
      selfAttention(dModel, heads, positions, causal),
      layerNorm(dModel, positions),
      dense(dModel, ffUnits, positions, true),
      dense(ffUnits, dModel, positions),
      kept(2 * tokens), // the two residual sums
      dropouts,
    );
    return total(dense(dims.features, dModel, positions), kept(tokens), times(layers, block), layerNorm(dModel, positions), dense(tokens, dims.horizon));
  },
};

/**
 * models/seq2seq.ts with models/attention-decoder.ts: a recurrent encoder, then per decoder step additive attention over
 * every encoder state (the lookback × attentionUnits energies dominate), a cell step and the output projection.
 */
const seq2seqCost: ArchitectureCost = {
  family: 'decoder',
  perWindow(params, dims) {
    const { cell, units: n, attentionUnits: a, dropout } = params as Seq2seqConfig;
    const gates = RECURRENT_GATES[cell];
    const layout = dims.output ?? { steps: dims.horizon, targets: 1, quantiles: null };
    const lookback = dims.lookback;
    const values = layout.targets * (layout.quantiles?.length ?? 1);
    const encoder = total(recurrentLayer(gates, dims.features, n, lookback), dropout > 0 ? kept(2 * lookback * n) : kept(0));
    const keys = { parameters: n * a, macs: lookback * n * a, activations: lookback * a };
    // the decoder's weights; its work is counted per step below
    const decoderWeights = weightsOf(
      recurrentLayer(gates, layout.targets + n, n, 1),
      { ...NO_COST, parameters: n * a + 2 * a }, // query kernel, attention bias, score vector
      dense(2 * n, values),
    );
    const step: Cost = {
      parameters: 0,
      macs: n * a + 2 * lookback * a + lookback * n + gates * (layout.targets + 2 * n) * n + 2 * n * values,
      activations: 3 * lookback * a + 2 * lookback + (3 * gates + 6) * n + 4 * values,
    };
    return total(encoder, keys, decoderWeights, times(layout.steps, step));
  },
};

/** The cost model of every registered architecture, by name. */
export const architectureCosts: Readonly<Record<string, ArchitectureCost>> = {
  lstm: recurrentStack('lstm'),
  gru: recurrentStack('gru'),
  rnn: recurrentStack('rnn'),
  mlp: mlpCost,
  transformer: transformerCost,
  seq2seq: seq2seqCost,
};
