/** planAuto derives every choice from the horizon, season, series lengths and positivity; nothing else. */
import { chronologicalSplit } from '../training';
import { AUTO_VALIDATION_SPLIT, candidateLookbacks, planAuto, type AutoProfile } from './auto-plan';

const profile = (overrides: Partial<AutoProfile> = {}): AutoProfile => ({
  horizon: 48,
  season: 24,
  lookbackCap: 7 * 48,
  lengths: Array.from({ length: 414 }, (_, i) => 700 + (i % 261)),
  positive: true,
  maxEpochs: 20,
  timeBudgetSeconds: 450,
  ...overrides,
});

describe('planAuto', () => {
  it('looks back the longest 3 of 2, 3.5, 5 and 7 horizons, in whole seasons, on long hourly series', () => {
    expect(candidateLookbacks(48, 24, 336)).toEqual([96, 168, 240, 336]);
    const plan = planAuto(profile());
    expect(plan.candidates.map((c) => c.lookback)).toEqual([168, 240, 336]);
    expect(plan.transforms).toEqual({ log: true, scale: 'none', level: { mean: 24 } });
    expect(plan.loss).toBe('mae');
    expect(plan.secondsPerCandidate).toBe(150);
    for (const candidate of plan.candidates) {
      expect(candidate.params.hidden).toEqual([512, 512]);
      expect(candidate.batchSize).toBe(1024);
      expect(candidate.epochs).toBeGreaterThanOrEqual(3);
      expect(candidate.epochs).toBeLessThanOrEqual(20);
    }
    expect(plan.reasons.join('\n')).toMatch(/lookbacks 168, 240, 336/);
  });

  it('is the same plan for the same data, and the lookback cap and epochs cap hold', () => {
    expect(planAuto(profile())).toEqual(planAuto(profile()));
    expect(planAuto(profile({ lookbackCap: 100 })).candidates.map((c) => c.lookback)).toEqual([96, 100]);
    expect(planAuto(profile({ maxEpochs: 2 })).candidates.every((c) => c.epochs === 2)).toBe(true);
  });

  it('z-scores and uses MSE when some value is not positive; the level is the last value without a season', () => {
    const plan = planAuto(profile({ positive: false, season: 1 }));
    expect(plan.transforms).toEqual({ scale: 'standard', level: 'last' });
    expect(plan.loss).toBe('mse');
  });

  it('on short series takes the longest lookback the median series can train on, and none when it cannot', () => {
    const yearly = planAuto(profile({ horizon: 6, season: 1, lookbackCap: 42, lengths: [13, 16, 19, 20, 22, 25, 31] }));
    expect(yearly.candidates).toHaveLength(1);
    const [only] = yearly.candidates;
    expect(only.minLength).toBeLessThanOrEqual(20);
    expect(only.params.hidden).toEqual([128, 128]);
    expect(yearly.reasons[0]).toMatch(/too short for 2 horizons back/);
    const tiny = planAuto(profile({ horizon: 6, season: 1, lengths: [3, 5, 8] }));
    expect(tiny.candidates).toEqual([]);
    expect(tiny.reasons[0]).toMatch(/every forecast is seasonal naive/);
  });

  it("a candidate's shortest series is exactly the shortest that leaves a training window after validation", () => {
    for (const horizon of [1, 6, 13, 48]) {
      for (const { lookback, minLength } of planAuto(profile({ horizon, season: 1, lookbackCap: 1000 })).candidates) {
        const layout = { lookback, steps: horizon, recursive: false };
        expect(() => chronologicalSplit(minLength, layout, AUTO_VALIDATION_SPLIT, 's')).not.toThrow();
        expect(() => chronologicalSplit(minLength - 1, layout, AUTO_VALIDATION_SPLIT, 's')).toThrow();
      }
    }
  });
});
