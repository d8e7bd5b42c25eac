import type { TrainingSeries } from '../training/training-data';
import { readoutSteps } from './readout-steps';

const HOUR = 3_600_000;
const HORIZON = 3;

/** Hourly steps `from`…`from + count − 1` (hours), the value of each its hour. */
function segment(key: string, from: number, count: number): TrainingSeries {
  const hours = Array.from({ length: count }, (_, i) => from + i);
  return { key, timestamps: Float64Array.from(hours, (h) => h * HOUR), values: Float64Array.from(hours), timeZone: 'UTC' };
}

describe('trainer › the steps a readout update learns', () => {
  it("learns from the parent's holdout to its own: the windows the parent never fitted and those of the new steps, holding out the last horizon", () => {
    // the parent's data ended at hour 49: it fitted hours 0-46 and held out 47-49
    const [update] = readoutSteps([segment('a', 0, 60)], 49 * HOUR, HORIZON);
    expect(update.added).toBe(10);
    expect(Array.from(update.history)).toEqual(Array.from({ length: 47 }, (_, h) => h));
    expect(Array.from(update.newPoints)).toEqual([47, 48, 49, 50, 51, 52, 53, 54, 55, 56]);
    expect(update.holdout).toMatchObject({ key: 'a', actual: Float64Array.from([57, 58, 59]) });
    expect(update.holdout.history).toHaveLength(57);
  });

  it('the next update starts where this one ended', () => {
    const [first] = readoutSteps([segment('a', 0, 60)], 49 * HOUR, HORIZON);
    const [next] = readoutSteps([segment('a', 0, 70)], 59 * HOUR, HORIZON);
    expect(next.history.length).toBe(first.history.length + first.newPoints.length);
  });

  it('learns every window of a segment that began after the parent (a series of a global model that is new, or back after a gap)', () => {
    const [update] = readoutSteps([segment('b', 100, 20)], 49 * HOUR, HORIZON);
    expect(update).toMatchObject({ key: 'b', added: 20, history: new Float64Array(0) });
    expect(update.newPoints).toHaveLength(17);
  });

  it("leaves out a segment with no step after the parent's data", () => {
    expect(readoutSteps([segment('a', 0, 50), segment('b', 100, 20)], 49 * HOUR, HORIZON).map((update) => update.key)).toEqual(['b']);
  });

  it("a single new step teaches the windows of the parent's holdout", () => {
    const [update] = readoutSteps([segment('a', 0, 51)], 49 * HOUR, HORIZON);
    expect(Array.from(update.newPoints)).toEqual([47]);
  });
});
