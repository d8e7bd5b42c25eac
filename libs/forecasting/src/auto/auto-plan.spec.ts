/** planAuto derives every choice from the horizon, season, series lengths and positivity; nothing else. */
import { chronologicalSplit } from '../training';
import { estimateTrainingCost } from '../admission';
import { validateEsnSpec } from '../reservoir/esn-spec';
import { AUTO_VALIDATION_SPLIT, candidateLookbacks, planAuto, type AutoProfile } from './auto-plan';
import { ESN_BUDGET_SHARE, ESN_FLOPS_PER_SECOND } from './esn-candidate';

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
    expect(plan.candidates.map((c) => `${c.architecture} ${c.lookback}`)).toEqual(['mlp 168', 'mlp 240', 'mlp 336']);
    expect(plan.transforms).toEqual({ log: true, scale: 'none', level: { mean: 24 } });
    expect(plan.loss).toBe('mae');
    expect(plan.validationMetric).toBe('log-mae');
    for (const candidate of plan.candidates) {
      if (candidate.architecture !== 'mlp') throw new Error('an ESN on M4 Hourly');
      expect(candidate.params.hidden).toEqual([512, 512]);
      expect(candidate.batchSize).toBe(1024);
      expect(candidate.epochs).toBeGreaterThanOrEqual(3);
      expect(candidate.epochs).toBeLessThanOrEqual(20);
    }
    expect(plan.reasons.join('\n')).toMatch(/lookbacks 168, 240, 336/);
    // about 250,000 windows: the ESN's fit would take more than a tenth of the budget, which the MLPs use better
    expect(plan.reasons.join('\n')).toMatch(/no ESN candidate: its fit would take about \d+ s to fit \([\d.]+ GFLOP over [\d,]+ windows\), more than 10% of the time budget \(45 s\)/);
  });

  it("adds an ESN, first, at the MLPs' shortest lookback where its estimated fit is at most a tenth of the budget", () => {
    const few = profile({ lengths: profile().lengths.slice(0, 40) });
    const plan = planAuto(few);
    expect(plan.candidates.map((c) => `${c.architecture} ${c.lookback}`)).toEqual(['esn 168', 'mlp 168', 'mlp 240', 'mlp 336']);
    const esn = plan.candidates.find((c) => c.architecture === 'esn');
    if (esn?.architecture !== 'esn') throw new Error('no ESN candidate');
    const spec = validateEsnSpec({ architecture: 'esn', lookback: 168, horizon: 48, params: { washout: 90 } });
    expect(esn.params).toEqual({ washout: 90 });
    expect(esn.estimatedSeconds).toBeCloseTo(estimateTrainingCost({ ...spec, batchSize: 1, epochs: 1, windows: esn.windows }).totalFlops / ESN_FLOPS_PER_SECOND, 6);
    expect(esn.estimatedSeconds).toBeLessThanOrEqual(ESN_BUDGET_SHARE * 450);
    expect(plan.reasons.join('\n')).toMatch(/an ESN candidate \(lookback 168, 100 units driven by the last 90 steps/);
    const tight = planAuto({ ...few, timeBudgetSeconds: (0.9 * esn.estimatedSeconds) / ESN_BUDGET_SHARE });
    expect(tight.candidates.map((c) => c.architecture)).toEqual(['mlp', 'mlp', 'mlp']);
    expect(tight.reasons.join('\n')).toMatch(/no ESN candidate: its fit would take about \d+ s/);
  });

  it('is the same plan for the same data, and the lookback cap and epochs cap hold', () => {
    expect(planAuto(profile())).toEqual(planAuto(profile()));
    expect(planAuto(profile({ lookbackCap: 100 })).candidates.map((c) => `${c.architecture} ${c.lookback}`)).toEqual(['mlp 96', 'mlp 100']);
    expect(planAuto(profile({ maxEpochs: 2 })).candidates.every((c) => c.epochs === (c.architecture === 'esn' ? 1 : 2))).toBe(true);
  });

  it('z-scores and uses MSE when some value is not positive; the level is the last value without a season', () => {
    const plan = planAuto(profile({ positive: false, season: 1 }));
    expect(plan.transforms).toEqual({ scale: 'standard', level: 'last' });
    expect(plan.loss).toBe('mse');
  });

  it('on short series takes the longest lookback the median series can train on, and none when it cannot', () => {
    const yearly = planAuto(profile({ horizon: 6, season: 1, lookbackCap: 42, lengths: [13, 16, 19, 20, 22, 25, 31] }));
    expect(yearly.candidates.map((c) => c.architecture)).toEqual(['esn', 'mlp']);
    const [, only] = yearly.candidates;
    expect(only.minLength).toBeLessThanOrEqual(20);
    expect(only.architecture === 'mlp' && only.params.hidden).toEqual([128, 128]);
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
