import { multiply, solveSpd, type Matrix } from './linalg';

const of = (rows: number, cols: number, values: number[]): Matrix => ({ rows, cols, data: Float64Array.from(values) });

describe('linalg', () => {
  it('multiplies a·b and a·bᵀ', () => {
    const a = of(2, 2, [1, 2, 3, 4]);
    const b = of(2, 2, [5, 6, 7, 8]);
    // [1 2; 3 4]·[5 6; 7 8] = [19 22; 43 50]; ·[5 7; 6 8] = [17 23; 39 53]
    expect(Array.from(multiply(a, b).data)).toEqual([19, 22, 43, 50]);
    expect(Array.from(multiply(a, b, true).data)).toEqual([17, 23, 39, 53]);
  });

  it('rejects mismatched shapes', () => {
    expect(() => multiply(of(1, 2, [1, 2]), of(1, 2, [1, 2]))).toThrow('multiply: 1×2 by 1×2');
  });

  it('solves a symmetric positive definite system: [4 2; 2 3]·x = [2; 1] → x = [0.5; 0]', () => {
    // inverse = [3 −2; −2 4]/8, so x = [3·2 − 2·1, −2·2 + 4·1]/8 = [0.5, 0]
    const x = solveSpd(of(2, 2, [4, 2, 2, 3]), of(2, 1, [2, 1]));
    expect(Array.from(x.data)).toEqual([expect.closeTo(0.5, 12), expect.closeTo(0, 12)]);
  });

  it('refuses a matrix that is not positive definite', () => {
    expect(() => solveSpd(of(2, 2, [1, 2, 2, 1]), of(2, 1, [1, 1]))).toThrow('solveSpd: matrix is not positive definite');
  });
});
