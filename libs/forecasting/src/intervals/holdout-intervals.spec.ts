import { conformalCalibration } from './conformal';
import { scoreHoldoutIntervals } from './holdout-intervals';

const residuals = (n: number) => Array.from({ length: n }, (_, i) => i - (n - 1) / 2);
const calibrated = (n: number) => conformalCalibration([residuals(n), residuals(n)], { kind: 'absolute' }, { windows: n, series: 1 });

describe('intervals › holdout intervals', () => {
  it('coverage of the 80% and 95% conformal intervals and the MSIS of the 95% one, each the mean over the series (by hand)', () => {
    // 39 residuals −19…19 per step: q0.1 = −16, q0.9 = 16 (ranks 4 and 36), q0.025 = −19, q0.975 = 19 (ranks 1 and 39)
    const scores = scoreHoldoutIntervals(
      [
        // 80%: [−16, 16] holds 10, not 17; 95%: [−19, 19] holds both; MSIS (38 + 38)/2 over the naive MAE 2 = 19
        { history: [0, 2, 4], actual: [10, 17], forecast: [0, 0], scale: 1 },
        // scale 2: 80% [68, 132] holds 100 only; 95% [62, 138]: 140 is 2 above → (76 + 76 + 40·2)/2 = 116, over 10 = 11.6
        { history: [0, 10], actual: [140, 100], forecast: [100, 100], scale: 2 },
      ],
      calibrated(39),
    );
    expect(scores).toEqual({ method: 'conformal', calibrationResiduals: 39, coverage80: 0.5, coverage95: 0.75, msis: expect.any(Number) });
    expect(scores!.msis).toBeCloseTo((19 + 11.6) / 2, 10);
  });

  it('leaves out what the calibration cannot support: 12 residuals give an 80% interval, not a 95% one; 5 give neither', () => {
    const window = { history: [0, 1, 2], actual: [0, 0], forecast: [0, 0], scale: 1 };
    expect(scoreHoldoutIntervals([window], calibrated(12))).toEqual({ method: 'conformal', calibrationResiduals: 12, coverage80: 1 });
    expect(scoreHoldoutIntervals([window], calibrated(5))).toBeNull();
    expect(scoreHoldoutIntervals([], calibrated(39))).toBeNull();
  });

  it('a flat history has no MSIS scale: that series is left out of the MSIS mean, not of the coverage', () => {
    const scores = scoreHoldoutIntervals(
      [
        { history: [3, 3, 3], actual: [0, 0], forecast: [0, 0], scale: 1 },
        { history: [0, 2, 4], actual: [0, 0], forecast: [0, 0], scale: 1 },
      ],
      calibrated(39),
    );
    expect(scores).toMatchObject({ coverage95: 1, coverage80: 1 });
    expect(scores!.msis).toBeCloseTo(38 / 2, 10);
  });

  it("MSIS is scaled by the history's seasonal naive MAE of the season given (1 by default)", () => {
    const window = { history: [0, 2, 4, 6, 8], actual: [0, 0], forecast: [0, 0], scale: 1 };
    const naive = scoreHoldoutIntervals([window], calibrated(39))!.msis!;
    const seasonal = scoreHoldoutIntervals([window], calibrated(39), { season: 2 })!.msis!;
    expect(seasonal).toBeCloseTo(naive / 2, 10);
  });
});
