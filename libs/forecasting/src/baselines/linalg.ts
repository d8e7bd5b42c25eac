/** Dense row-major matrices on Float64Array, just enough for ridge regression. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function matrix(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** a·b, or a·bᵀ when `transposeB`. */
export function multiply(a: Matrix, b: Matrix, transposeB = false): Matrix {
  const inner = transposeB ? b.cols : b.rows;
  const cols = transposeB ? b.rows : b.cols;
  if (a.cols !== inner) throw new RangeError(`multiply: ${a.rows}×${a.cols} by ${b.rows}×${b.cols}${transposeB ? 'ᵀ' : ''}`);
  const out = matrix(a.rows, cols);
  for (let i = 0; i < a.rows; i++) {
    for (let k = 0; k < inner; k++) {
      const aik = a.data[i * a.cols + k];
      if (aik === 0) continue;
      for (let j = 0; j < cols; j++) {
        out.data[i * cols + j] += aik * (transposeB ? b.data[j * b.cols + k] : b.data[k * b.cols + j]);
      }
    }
  }
  return out;
}

/** Solves s·X = b for a symmetric positive definite `s` by Cholesky factorisation; `s` and `b` are left untouched. */
export function solveSpd(s: Matrix, b: Matrix): Matrix {
  const n = s.rows;
  const l = Float64Array.from(s.data);
  for (let j = 0; j < n; j++) {
    let d = l[j * n + j];
    for (let k = 0; k < j; k++) d -= l[j * n + k] ** 2;
    if (!(d > 0)) throw new RangeError('solveSpd: matrix is not positive definite');
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let v = l[i * n + j];
      for (let k = 0; k < j; k++) v -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = v / ljj;
    }
  }
  const x = { rows: b.rows, cols: b.cols, data: Float64Array.from(b.data) };
  const m = b.cols;
  for (let c = 0; c < m; c++) {
    for (let i = 0; i < n; i++) {
      let v = x.data[i * m + c];
      for (let k = 0; k < i; k++) v -= l[i * n + k] * x.data[k * m + c];
      x.data[i * m + c] = v / l[i * n + i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let v = x.data[i * m + c];
      for (let k = i + 1; k < n; k++) v -= l[k * n + i] * x.data[k * m + c];
      x.data[i * m + c] = v / l[i * n + i];
    }
  }
  return x;
}
