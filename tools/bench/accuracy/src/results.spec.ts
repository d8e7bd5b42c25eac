import { combine } from './results';

describe('accuracy bench › ensemble', () => {
  const members = [Float64Array.from([1, 10]), Float64Array.from([2, 40]), Float64Array.from([9, 20])];

  it('takes the step-wise median, which ignores one member that is far off', () => {
    expect(Array.from(combine(members, true))).toEqual([2, 20]);
  });

  it('takes the step-wise mean when asked (what minimises squared error)', () => {
    expect(Array.from(combine(members, false))).toEqual([4, 70 / 3]);
  });

  it('averages the two middle values of an even number of members', () => {
    expect(Array.from(combine(members.slice(0, 2), true))).toEqual([1.5, 25]);
  });
});
