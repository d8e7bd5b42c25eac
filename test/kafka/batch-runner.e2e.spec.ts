import { BatchRunner, type BatchSteps, type PartitionRef } from '@tsf/kafka';
import { type KafkaMockCluster, mockConsumerSettings } from '@tsf/kafka-mock';
import { waitFor } from '@tsf/platform';
import type { Batch, Kafka, Producer } from 'kafkajs';
import { E2eFixture } from '../support/e2e-fixture';

const RETRY = { initialMs: 50, maxMs: 200, isDeterministic: (error: unknown) => (error as Error).message.startsWith('deterministic') };

/** A runner over one topic whose handler records what it saw and runs whatever step the test gives it. */
function runnerOn(kafka: Kafka, topic: string, groupId: string, step: (batch: Batch, steps: BatchSteps) => Promise<void> = async () => undefined) {
  const handled: Array<{ partition: number; offset: string; value: string }> = [];
  const events: string[] = [];
  const runner = new BatchRunner<number>(
    kafka,
    { groupId, consumer: mockConsumerSettings, topics: [topic], concurrency: 2, retry: RETRY, stalledAfterMs: 2_000 },
    async (batch, steps) => {
      await step(batch, steps);
      for (const { offset, value } of batch.messages) handled.push({ partition: batch.partition, offset, value: value!.toString() });
      return batch.messages.length;
    },
  );
  const record = (name: string) => ({ partition }: PartitionRef) => events.push(`${name} ${partition}`);
  runner.on('partition.paused', record('paused'));
  runner.on('partition.resumed', record('resumed'));
  return { runner, handled, events };
}

describe('batch runner', () => {
  const fixture = new E2eFixture();
  let cluster: KafkaMockCluster;
  let kafka: Kafka;
  let producer: Producer;
  let admin: ReturnType<Kafka['admin']>;

  beforeAll(async () => {
    cluster = await fixture.startKafka();
    kafka = fixture.kafkaClient('batch-runner');
    [producer, admin] = await Promise.all([fixture.connectProducer(kafka), fixture.connectAdmin(kafka)]);
  });

  afterAll(() => fixture.teardown());

  const produce = (topic: string, partition: number, values: string[]) => producer.send({ topic, acks: -1, messages: values.map((value) => ({ value, partition })) });
  const committed = async (groupId: string, topic: string) => {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return Object.fromEntries(offsets!.partitions.map(({ partition, offset }) => [partition, offset]));
  };

  it('pauses only the partition whose step keeps failing; the others are handled meanwhile, and each message is committed once', async () => {
    await cluster.createTopic('runner.pause', 2);
    // Partition 0's write fails until partition 1's message has been handled: only concurrency lets it recover.
    const { runner, handled, events } = runnerOn(kafka, 'runner.pause', 'runner-pause', async (batch, steps) => {
      await steps.run('write', async () => {
        if (batch.partition === 0 && !handled.some((m) => m.value === 'b1')) throw new Error('connection refused');
      });
    });
    const retried: string[] = [];
    runner.on('step.retrying', ({ partition, step, attempt }) => retried.push(`${partition}:${step}#${attempt}`));
    await runner.start();
    try {
      await produce('runner.pause', 0, ['a1', 'a2']);
      await waitFor('partition 0 paused', async () => (events.includes('paused 0') ? true : undefined), 20_000, 20);
      expect(runner.health().ok).toBe(false);
      expect(runner.health().details.pausedByBackoff).toEqual(['runner.pause/0']);
      await produce('runner.pause', 1, ['b1']);
      await waitFor('partition 1 handled while 0 is paused', async () => (handled.some((m) => m.value === 'b1') ? true : undefined), 20_000, 20);
      await waitFor('partition 0 handled after it recovers', async () => (handled.filter((m) => m.partition === 0).length === 2 ? true : undefined), 20_000);
      expect(retried.length).toBeGreaterThan(0);
      expect(retried.every((r) => r.startsWith('0:write#'))).toBe(true);
      // Each failed attempt pauses partition 0 for its backoff, then fetches the same offsets again.
      expect(events).toEqual(retried.flatMap(() => ['paused 0', 'resumed 0']));
      expect(handled.map((m) => m.value).sort()).toEqual(['a1', 'a2', 'b1']);
      await waitFor('offsets committed', async () => ((await committed('runner-pause', 'runner.pause'))[0] === '2' ? true : undefined), 10_000);
      expect(await committed('runner-pause', 'runner.pause')).toEqual({ 0: '2', 1: '1' });
      expect(runner.health()).toMatchObject({ ok: true, details: { state: 'running', joined: true, pausedByBackoff: [], lag: { 'runner.pause/0': 0 } } });
    } finally {
      await runner.stop();
    }
    expect(runner.health()).toMatchObject({ ok: false, details: { state: 'stopped' } });
  });

  it('throws a deterministic failure to the handler at once, without retrying or pausing', async () => {
    await cluster.createTopic('runner.deterministic', 1);
    const caught: string[] = [];
    const { runner, handled, events } = runnerOn(kafka, 'runner.deterministic', 'runner-deterministic', async (_batch, steps) => {
      try {
        await steps.run('write', async () => {
          throw new Error('deterministic: bad input');
        });
      } catch (error) {
        caught.push((error as Error).message);
      }
    });
    await runner.start();
    try {
      await produce('runner.deterministic', 0, ['x']);
      await waitFor('the batch handled', async () => (handled.length === 1 ? true : undefined), 20_000);
      expect(caught).toEqual(['deterministic: bad input']);
      expect(events).toEqual([]);
    } finally {
      await runner.stop();
    }
  });

  it('a stop finishes the batch in hand and commits it; the next member of the group starts after it', async () => {
    await cluster.createTopic('runner.stop', 1);
    let release!: () => void;
    const inHand = new Promise<void>((resolve) => (release = resolve));
    let started = false;
    const first = runnerOn(kafka, 'runner.stop', 'runner-stop', async () => {
      started = true;
      await inHand;
    });
    await first.runner.start();
    await produce('runner.stop', 0, ['m1', 'm2']);
    await waitFor('the batch in hand', async () => (started ? true : undefined), 20_000, 20);
    const stopping = first.runner.stop();
    release();
    await stopping;
    expect(first.handled.map((m) => m.value)).toEqual(['m1', 'm2']);
    expect(await committed('runner-stop', 'runner.stop')).toEqual({ 0: '2' });

    const second = runnerOn(kafka, 'runner.stop', 'runner-stop');
    await second.runner.start();
    try {
      await produce('runner.stop', 0, ['m3']);
      await waitFor('the new message', async () => (second.handled.length > 0 ? true : undefined), 20_000);
      expect(second.handled.map((m) => m.value)).toEqual(['m3']);
    } finally {
      await second.runner.stop();
    }
  });

  it('health turns not-ready within seconds when the brokers cannot be reached, and ready again when they are back', async () => {
    await cluster.createTopic('runner.health', 1);
    const { runner } = runnerOn(kafka, 'runner.health', 'runner-health');
    await runner.start();
    try {
      await waitFor('ready', async () => (runner.health().ok ? true : undefined), 20_000, 50);
      await cluster.brokerDown(1);
      try {
        const down = await waitFor('not ready', async () => (runner.health().ok ? undefined : runner.health()), 10_000, 50);
        expect(down.details.idleMs).toBeGreaterThanOrEqual(2_000);
      } finally {
        await cluster.brokerUp(1);
      }
      await waitFor('ready again', async () => (runner.health().ok ? true : undefined), 60_000, 100);
    } finally {
      await runner.stop();
    }
  }, 120_000);
});
