import { PartitionBackoff } from './partition-backoff';

function recorder() {
  const events: string[] = [];
  const backoff = new PartitionBackoff(
    { initialMs: 10, maxMs: 40 },
    { pause: ({ partition }) => events.push(`pause ${partition}`), resume: ({ partition }) => events.push(`resume ${partition}`) },
  );
  return { events, backoff };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const p0 = { topic: 't', partition: 0 };
const p1 = { topic: 't', partition: 1 };

describe('partition backoff', () => {
  it('pauses a failing partition and resumes it after a delay that doubles up to the cap', async () => {
    const { events, backoff } = recorder();
    expect([1, 2, 3, 4].map(() => backoff.fail(p0))).toEqual([
      { attempt: 1, delayMs: 10 },
      { attempt: 2, delayMs: 20 },
      { attempt: 3, delayMs: 40 },
      { attempt: 4, delayMs: 40 },
    ]);
    await sleep(60);
    // Each failure restarts the wait: one resume, after the last delay.
    expect(events).toEqual(['pause 0', 'pause 0', 'pause 0', 'pause 0', 'resume 0']);
  });

  it('keeps partitions apart, and a success starts the next failure from the first delay again', async () => {
    const { events, backoff } = recorder();
    backoff.fail(p0);
    backoff.fail(p0);
    backoff.fail(p1);
    expect(backoff.failing()).toEqual(['t/0', 't/1']);
    backoff.succeeded(p0);
    expect(backoff.failing()).toEqual(['t/1']);
    expect(backoff.fail(p0)).toEqual({ attempt: 1, delayMs: 10 });
    await sleep(30);
    expect(events.filter((e) => e.startsWith('resume')).sort()).toEqual(['resume 0', 'resume 1']);
  });

  it('resumes nothing after clear (the consumer is leaving)', async () => {
    const { events, backoff } = recorder();
    backoff.fail(p0);
    backoff.clear();
    await sleep(20);
    expect(events).toEqual(['pause 0']);
    expect(backoff.failing()).toEqual([]);
  });
});
