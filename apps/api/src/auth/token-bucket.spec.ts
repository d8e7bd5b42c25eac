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

  it('takes what a request costs, refuses without taking, and says how long until the bucket holds that much', () => {
    let now = 0;
    const buckets = new TokenBuckets(100, 1000, () => now);
    expect(buckets.take('a', 800)).toEqual({ allowed: true, remaining: 200, retryAfterS: 0 });
    expect(buckets.take('a', 500)).toEqual({ allowed: false, remaining: 200, retryAfterS: 3 });
    expect(buckets.take('a', 200).allowed).toBe(true);
    now = 5000;
    expect(buckets.take('a', 500).remaining).toBe(0);
  });

  it('a refund gives back what was taken, never beyond the burst', () => {
    const buckets = new TokenBuckets(1, 2, () => 0);
    buckets.take('a', 2);
    buckets.refund('a');
    expect(buckets.take('a')).toMatchObject({ allowed: true, remaining: 0 });
    buckets.refund('a', 5);
    expect(buckets.take('a', 3).allowed).toBe(false);
  });
});
