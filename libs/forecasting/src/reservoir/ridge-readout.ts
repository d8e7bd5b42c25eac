/**
 * A linear readout fitted by ridge regression in closed form, and kept up to date row by row by recursive least
 * squares. Everything is float64 (baselines/linalg's matrices): the readout of an ESN is its only fitted part.
 */
import { matrix, solveSpd, type Matrix } from '../baselines/linalg';

/**
 * The sufficient statistics of a least-squares fit of `outputs` targets on `features` features: XᵀX (only its upper
 * triangle is accumulated), XᵀY, ΣY² and the rows added.
 */
export class NormalEquations {
  readonly gram: Matrix;
  readonly cross: Matrix;
  rows = 0;
  targetSquares = 0;

  constructor(
    readonly features: number,
    readonly outputs: number,
  ) {
    this.gram = matrix(features, features);
    this.cross = matrix(features, outputs);
  }

  /** Adds one row x (`features` values) with its targets y (`outputs` values). */
  add(x: ArrayLike<number>, y: ArrayLike<number>): void {
    const { features: f, outputs: h } = this;
    const g = this.gram.data;
    const c = this.cross.data;
    for (let i = 0; i < f; i++) {
      const xi = x[i];
      if (xi === 0) continue;
      const row = i * f;
      for (let j = i; j < f; j++) g[row + j] += xi * x[j];
      const out = i * h;
      for (let k = 0; k < h; k++) c[out + k] += xi * y[k];
    }
    for (let k = 0; k < h; k++) this.targetSquares += y[k] * y[k];
    this.rows++;
  }

  /** The statistics of these rows and `other`'s together. */
  plus(...others: NormalEquations[]): NormalEquations {
    const sum = new NormalEquations(this.features, this.outputs);
    for (const part of [this, ...others]) {
      part.gram.data.forEach((v, i) => (sum.gram.data[i] += v));
      part.cross.data.forEach((v, i) => (sum.cross.data[i] += v));
      sum.rows += part.rows;
      sum.targetSquares += part.targetSquares;
    }
    return sum;
  }

  /** XᵀX + penalty·I, both triangles filled. */
  regularized(penalty: number): Matrix {
    const f = this.features;
    const a = matrix(f, f);
    for (let i = 0; i < f; i++) {
      for (let j = i; j < f; j++) {
        a.data[i * f + j] = this.gram.data[i * f + j];
        a.data[j * f + i] = this.gram.data[i * f + j];
      }
      a.data[i * f + i] += penalty;
    }
    return a;
  }

  /** The ridge weights (features × outputs): argmin ‖Y − XW‖² + penalty·‖W‖². */
  solve(penalty: number): Matrix {
    return solveSpd(this.regularized(penalty), this.cross);
  }

  /** ‖Y − XW‖² of these rows, from the statistics alone: ΣY² − 2·tr(WᵀXᵀY) + tr(WᵀXᵀXW). */
  squaredError(weights: Matrix): number {
    const { features: f, outputs: h } = this;
    const g = this.gram.data;
    const w = weights.data;
    let sum = this.targetSquares;
    for (let i = 0; i < f; i++) {
      for (let k = 0; k < h; k++) sum -= 2 * w[i * h + k] * this.cross.data[i * h + k];
      for (let j = i; j < f; j++) {
        const gij = g[i * f + j];
        if (gij === 0) continue;
        let dot = 0;
        for (let k = 0; k < h; k++) dot += w[i * h + k] * w[j * h + k];
        sum += (j === i ? 1 : 2) * gij * dot;
      }
    }
    return Math.max(0, sum);
  }

  /** Mean squared error per target value of these rows under `weights` (NaN without rows). */
  meanSquaredError(weights: Matrix): number {
    return this.squaredError(weights) / (this.rows * this.outputs);
  }
}

/** Penalties per training row tried when the regularization is chosen on validation windows: 10⁻⁹ to 10. */
export const RIDGE_CANDIDATES: readonly number[] = [1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10];

/** The penalty per row used when no validation window exists to choose one. */
export const DEFAULT_RIDGE_PER_ROW = 1e-3;

/**
 * The penalty per training row (one of `candidates`) whose ridge fit on `train` has the lowest mean squared error on
 * `validation`, with that error (the smaller penalty on a tie). Both need rows.
 */
export function chooseRidgePerRow(
  train: NormalEquations,
  validation: NormalEquations,
  candidates: readonly number[] = RIDGE_CANDIDATES,
): { perRow: number; validationMse: number } {
  let best = { perRow: candidates[0], validationMse: Infinity };
  for (const perRow of candidates) {
    const validationMse = validation.meanSquaredError(train.solve(perRow * train.rows));
    if (validationMse < best.validationMse) best = { perRow, validationMse };
  }
  return best;
}

/** A fitted readout's state: weights (features × outputs), its penalty, and (online) P = (XᵀX + penalty·I)⁻¹. */
export interface ReadoutState {
  weights: Matrix;
  penalty: number;
  inverse: Matrix | null;
}

/**
 * The linear map from features to outputs. With `inverse` (P = (XᵀX + penalty·I)⁻¹ of the rows it was fitted on) it
 * can learn from new rows by recursive least squares: after any rows, the weights equal the ridge solution, with the
 * same penalty, of the fitted rows and the new ones together (Sherman-Morrison, exact up to rounding).
 */
export class RidgeReadout {
  constructor(private readonly state: ReadoutState) {}

  /** The ridge fit of `normal` with `penalty`; `online` also keeps P for update(). */
  static fit(normal: NormalEquations, penalty: number, online: boolean): RidgeReadout {
    const a = normal.regularized(penalty);
    const inverse = online ? solveSpd(a, identity(normal.features)) : null;
    return new RidgeReadout({ weights: solveSpd(a, normal.cross), penalty, inverse });
  }

  get weights(): Matrix {
    return this.state.weights;
  }

  get penalty(): number {
    return this.state.penalty;
  }

  get inverse(): Matrix | null {
    return this.state.inverse;
  }

  get features(): number {
    return this.state.weights.rows;
  }

  get outputs(): number {
    return this.state.weights.cols;
  }

  /** xᵀW into `out` (outputs values). */
  apply(x: ArrayLike<number>, out: Float64Array = new Float64Array(this.outputs)): Float64Array {
    const { rows: f, cols: h, data: w } = this.state.weights;
    out.fill(0);
    for (let i = 0; i < f; i++) {
      const xi = x[i];
      if (xi === 0) continue;
      for (let k = 0; k < h; k++) out[k] += xi * w[i * h + k];
    }
    return out;
  }

  /**
   * One recursive least-squares step with the row x and its targets y: g = Px / (1 + xᵀPx), W ← W + g·(y − xᵀW),
   * P ← P − g·(Px)ᵀ (P stays symmetric). Needs the inverse (a readout fitted online).
   */
  update(x: ArrayLike<number>, y: ArrayLike<number>): void {
    const p = this.state.inverse;
    if (p === null) throw new Error('RidgeReadout.update needs a readout fitted online (it keeps (XᵀX + penalty·I)⁻¹)');
    const f = this.features;
    const h = this.outputs;
    const px = new Float64Array(f);
    for (let i = 0; i < f; i++) {
      let v = 0;
      for (let j = 0; j < f; j++) v += p.data[i * f + j] * x[j];
      px[i] = v;
    }
    let denominator = 1;
    for (let i = 0; i < f; i++) denominator += x[i] * px[i];
    const error = this.apply(x);
    for (let k = 0; k < h; k++) error[k] = y[k] - error[k];
    const w = this.state.weights.data;
    for (let i = 0; i < f; i++) {
      const gi = px[i] / denominator;
      for (let k = 0; k < h; k++) w[i * h + k] += gi * error[k];
      for (let j = 0; j < f; j++) p.data[i * f + j] -= gi * px[j];
    }
  }
}

function identity(size: number): Matrix {
  const m = matrix(size, size);
  for (let i = 0; i < size; i++) m.data[i * size + i] = 1;
  return m;
}
