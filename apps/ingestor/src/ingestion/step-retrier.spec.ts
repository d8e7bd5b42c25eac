import { type BatchContext, StepRetrier } from './step-retrier';

const BACKOFF = { initialMs: 5, maxMs: 20 };

function recorder() {
  const events: string[] = [];
  const retrier = new StepRetrier(BACKOFF, {
    pause: () => events.push('pause'),
    resume: () => events.push('resume'),
    retrying: (step, error, attempt) => events.push(`${step}#${attempt}: ${error.message}`),
  });
  return { events, retrier };
}

const stillOurs: BatchContext = { keepGoing: () => true, heartbeat: async () => undefined };

/** Fails `failures` times, then succeeds. */
function flaky(failures: number, error: Error = new Error('connection refused')) {
  let calls = 0;
  return async () => {
    if (calls++ < failures) throw error;
  };
}

describe('step retrier', () => {
  it('retries a failing step until it succeeds, pausing consumption meanwhile', async () => {
    const { events, retrier } = recorder();
    expect(await retrier.run('write', flaky(2), stillOurs)).toBe(true);
    expect(events).toEqual(['pause', 'write#1: connection refused', 'write#2: connection refused', 'resume']);
  });

  it('resumes only when every failing step of concurrent batches has recovered', async () => {
    const { events, retrier } = recorder();
    await Promise.all([retrier.run('write', flaky(1), stillOurs), retrier.run('dead-letter', flaky(3), stillOurs)]);
    expect(events.filter((e) => e === 'pause' || e === 'resume')).toEqual(['pause', 'resume']);
    expect(events.at(-1)).toBe('resume');
  });

  it('gives the batch up, uncommitted, once it is no longer ours', async () => {
    const { events, retrier } = recorder();
    let ours = true;
    const context: BatchContext = { keepGoing: () => ours, heartbeat: async () => undefined };
    const run = retrier.run('write', flaky(Infinity), context);
    setTimeout(() => (ours = false), 30);
    expect(await run).toBe(false);
    expect(events.at(-1)).toBe('resume');
  });

  it('lets group membership errors through, for kafkajs to re-join', async () => {
    const { events, retrier } = recorder();
    const rebalancing = Object.assign(new Error('The group is rebalancing'), { type: 'REBALANCE_IN_PROGRESS' });
    await expect(retrier.run('commit', flaky(1, rebalancing), stillOurs)).rejects.toBe(rebalancing);
    expect(events).toEqual([]);
  });

  it('keeps heartbeating while it waits, and a heartbeat that finds a rebalance ends the wait', async () => {
    const { retrier } = recorder();
    const rebalancing = Object.assign(new Error('rebalancing'), { type: 'ILLEGAL_GENERATION' });
    let beats = 0;
    const context: BatchContext = {
      keepGoing: () => true,
      heartbeat: async () => {
        if (++beats === 2) throw rebalancing;
      },
    };
    await expect(retrier.run('write', flaky(Infinity), context)).rejects.toBe(rebalancing);
    expect(beats).toBe(2);
  });
});
