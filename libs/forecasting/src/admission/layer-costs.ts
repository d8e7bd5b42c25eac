/**
 * What the building blocks of the architectures cost per training window, counted from their shapes alone: a model is
 * never built to be measured (a Transformer big enough to need refusing would exhaust memory while being built).
 */

/** The cost of a part of a model for one training window. */
export interface Cost {
  /** Trainable parameters. */
  parameters: number;
  /** Multiply-adds of the forward pass. */
  macs: number;
  /** Floats the forward pass keeps alive for the backward pass (outputs of the ops on the gradient tape). */
  activations: number;
}

export const NO_COST: Cost = { parameters: 0, macs: 0, activations: 0 };

export function total(...costs: Cost[]): Cost {
  return costs.reduce((sum, cost) => ({ parameters: sum.parameters + cost.parameters, macs: sum.macs + cost.macs, activations: sum.activations + cost.activations }), NO_COST);
}

/** `cost` repeated `times` times (stacked blocks, both directions of a bidirectional layer). */
export function times(count: number, cost: Cost): Cost {
  return { parameters: count * cost.parameters, macs: count * cost.macs, activations: count * cost.activations };
}

/** Only the parameters of `costs` (parts whose work is counted elsewhere, e.g. per step of a hand-unrolled loop). */
export function weightsOf(...costs: Cost[]): Cost {
  return { ...NO_COST, parameters: total(...costs).parameters };
}

/** Floats kept without parameters or multiply-adds: reshapes that copy, residual adds, dropout masks and outputs. */
export function kept(activations: number): Cost {
  return { ...NO_COST, activations };
}

/** A dense layer applied at `positions` positions; an activation function keeps its input besides its output. */
export function dense(inputs: number, units: number, positions = 1, activation = false): Cost {
  return { parameters: inputs * units + units, macs: positions * inputs * units, activations: positions * units * (activation ? 2 : 1) };
}

/** Layer normalization over `width` at `positions` positions: mean-centred values, their squares, the scaled and the shifted output. */
export function layerNorm(width: number, positions: number): Cost {
  return { parameters: 2 * width, macs: 3 * positions * width, activations: 4 * positions * width };
}

/**
 * A recurrent layer of `gates` gates (LSTM 4, GRU 3, simple RNN 1) over `steps` steps: the kernel, recurrent kernel and
 * bias of the Keras parameterization; backpropagation through time keeps every step's gate values and states.
 */
export function recurrentLayer(gates: number, inputs: number, units: number, steps: number): Cost {
  return {
    parameters: gates * ((inputs + units) * units + units),
    macs: steps * gates * (inputs + units) * units,
    activations: steps * (gates + 2) * units,
  };
}

/**
 * Multi-head self-attention over `length` positions of width `width` (heads × keyDim = width): query, key, value and
 * output projections, and per head the length × length score matrix, kept as scores, scaled scores, masked scores
 * (causal only) and softmax weights; the projections are kept once as computed and once split into heads.
 */
export function selfAttention(width: number, heads: number, length: number, causal: boolean): Cost {
  const projections = times(4, dense(width, width, length));
  const scoreCopies = causal ? 4 : 3;
  return total(projections, {
    parameters: 0,
    macs: 2 * length * length * width,
    activations: scoreCopies * heads * length * length + 5 * length * width,
  });
}
