import { StandardScaler } from '../index';

describe('StandardScaler', () => {
  it('standardizes and inverts', () => {
    const s = StandardScaler.fit([1, 2, 3, 4, 5]);
    expect(s.mean).toBeCloseTo(3, 12);
    expect(s.std).toBeCloseTo(Math.sqrt(2), 12);
    const z = s.transform([1, 3, 5]);
    expect(z).toBeInstanceOf(Float32Array);
    expect(Array.from(z)).toEqual([expect.closeTo(-Math.SQRT2, 6), 0, expect.closeTo(Math.SQRT2, 6)]);
    expect(s.inverse(z).map((v) => +v.toFixed(5))).toEqual([1, 3, 5]);
    expect(s.inverseValue(s.transformValue(42))).toBeCloseTo(42, 10);
  });

  it('treats a constant series as std 1', () => {
    const s = StandardScaler.fit([7, 7, 7]);
    expect(s.toJSON()).toEqual({ kind: 'standard', mean: 7, std: 1, count: 3 });
  });

  it('round-trips through JSON and validates it', () => {
    const s = StandardScaler.fit([3, 1, 4, 1, 5, 9, 2, 6]);
    const back = StandardScaler.fromJSON(JSON.parse(JSON.stringify(s)));
    expect(back.toJSON()).toEqual(s.toJSON());
    expect(() => StandardScaler.fromJSON({ kind: 'standard', mean: 0, std: -1, count: 1 })).toThrow(/Invalid StandardScaler state: std/);
  });

  it('rejects non-finite training values', () => {
    expect(() => StandardScaler.fit([1, NaN, 3])).toThrow('value at index 1 is not a finite number');
    expect(() => StandardScaler.fit([])).toThrow('at least one value');
  });
});
