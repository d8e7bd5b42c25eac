import { TokenBuckets } from './token-bucket';

describe('token buckets (rate limit per caller)', () => {
  it('allows a burst, refuses beyond it with the wait until the next token, and refills at the rate', () => {
    let now = 0;
    const buckets = new TokenBuckets(2, 3, () => now);
    expect([1, 2, 3].map(() => buckets.take('a').allowed)).toEqual([true, true, true]);
    expect(buckets.take('a')).toEqual({ allowed: false, remaining: 0, retryAfterS: 1 });
    now = 499;
    expect(buckets.take('a').allowed).toBe(false);
    now = 1000; // 2 tokens/s: one came at 500 ms, one at 1000 ms
    expect([buckets.take('a').allowed, buckets.take('a').allowed, buckets.take('a').allowed]).toEqual([true, true, false]);
  });

  it('keeps one bucket per caller and never holds more than the burst', () => {
    let now = 0;
    const buckets = new TokenBuckets(10, 2, () => now);
    buckets.take('a');
    buckets.take('a');
    expect(buckets.take('a').allowed).toBe(false);
    expect(buckets.take('b')).toMatchObject({ allowed: true, remaining: 1 });
    now = 60_000;
    expect(buckets.take('a').remaining).toBe(1);
  });
});
