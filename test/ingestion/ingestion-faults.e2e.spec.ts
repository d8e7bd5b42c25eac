import { setTimeout as sleep } from 'node:timers/promises';
import { type RejectReason, seriesUpdatedEventSchema } from '@tsf/contracts';
import { type AppProcess, waitFor } from '@tsf/platform';
import type { KafkaMessage, Message } from 'kafkajs';
import { probe } from '../health/support/health-probe';
import { IngestionFixture, metricsPort, type Scenario, scrape, STEP_MS, type StoredPoints, T0, type Workload } from './support/ingestion-fixture';
import { TcpProxy } from './support/tcp-proxy';

/** Enough small record batches that a fault always lands between the first commit and the last. */
const STREAM: Workload = { series: 12, pointsPerSeries: 2_500, pointsPerMessage: 50, messagesPerSend: 6 };
const STREAM_POINTS = STREAM.series * STREAM.pointsPerSeries;
const EXACTLY_THE_STREAM: StoredPoints = { rows: STREAM_POINTS, series: STREAM.series, wrong: 0 };
/** The refused-writes case: enough messages that the refused ones sit inside large record batches. */
const REFUSED = { series: 8, pointsPerSeries: 600, pointsPerMessage: 20, poison: 5 };


describe('ingestor under faults (real processes, mock Kafka cluster, Postgres)', () => {
  const fixture = new IngestionFixture();

  beforeAll(() => fixture.start(), 60_000);

  afterAll(() => fixture.teardown());

  /** Resolves once every produced point is stored and every offset committed: what the table holds then is final. */
  async function everythingIngested(scenario: Scenario): Promise<StoredPoints> {
    await waitFor(`${scenario.name}: offsets committed to the end`, async () => ((await fixture.caughtUp(scenario)) ? true : undefined), 90_000);
    return fixture.stored(scenario);
  }

  const someStored = (scenario: Scenario) =>
    waitFor(`${scenario.name}: the first points stored`, async () => ((await fixture.stored(scenario)).rows > 0 ? true : undefined), 60_000, 50);

  it('an ingestor killed with SIGKILL mid-stream and restarted stores exactly the points produced', async () => {
    const scenario = await fixture.scenario('sigkill');
    await fixture.producePoints(scenario, STREAM);
    const first = await fixture.startIngestor(scenario, 'ingestor-1');
    await someStored(scenario);
    await first.kill();
    expect((await fixture.stored(scenario)).rows).toBeLessThan(STREAM_POINTS);

    await fixture.startIngestor(scenario, 'ingestor-2');
    expect(await everythingIngested(scenario)).toEqual(EXACTLY_THE_STREAM);
  }, 150_000);

  it('when one of two ingestors leaves mid-stream (SIGTERM), the other takes its partitions and nothing is lost', async () => {
    const scenario = await fixture.scenario('leave');
    await fixture.producePoints(scenario, STREAM);
    // Started together, so the group forms in one rebalance.
    const [leaving, staying] = await Promise.all([fixture.startIngestor(scenario, 'leaving'), fixture.startIngestor(scenario, 'staying')]);
    await waitFor('both ingestors hold partitions', async () => (assignedTo(leaving).length > 0 && assignedTo(staying).length > 0 ? true : undefined));
    await someStored(scenario);
    expect((await fixture.stored(scenario)).rows).toBeLessThan(STREAM_POINTS);

    await leaving.stop();
    // A graceful exit: Nest re-raises SIGTERM after shutdown; a hang would have ended in SIGKILL.
    expect(leaving.child.signalCode).toBe('SIGTERM');
    expect(leaving.output()).toMatch(/left the consumer group/);
    expect(await everythingIngested(scenario)).toEqual(EXACTLY_THE_STREAM);
    expect(assignedTo(staying)).toEqual([0, 1, 2, 3, 4, 5]);
  }, 150_000);

  it('a broker taken down and brought back during consumption: the ingestor recovers by itself and nothing is lost', async () => {
    const scenario = await fixture.scenario('broker');
    const half = STREAM.pointsPerSeries / 2;
    await fixture.producePoints(scenario, STREAM, 0, half);
    const ingestor = await fixture.startIngestor(scenario, 'ingestor');
    await someStored(scenario);
    const broker = await fixture.leaderOfAPartitionWithMessages(scenario.topics.points);
    await fixture.cluster.brokerDown(broker);
    // The second half is produced while that broker is down, so its partition's share cannot be stored before it comes
    // back, however fast the ingestor (with the whole stream produced up front, one fetch could take all of it first).
    const rest = fixture.producePoints(scenario, STREAM, half);
    rest.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
    try {
      await sleep(4_000);
      expect((await fixture.stored(scenario)).rows).toBeLessThan(STREAM_POINTS);
    } finally {
      await fixture.cluster.brokerUp(broker);
    }
    await rest;

    expect(await everythingIngested(scenario)).toEqual(EXACTLY_THE_STREAM);
    expect(ingestor.child.exitCode).toBeNull();
  }, 150_000);

  it('Postgres unreachable during consumption: the ingestor pauses, retries, recovers by itself and nothing is lost', async () => {
    const scenario = await fixture.scenario('postgres');
    const database = new URL(fixture.databaseUrl);
    const proxy = await TcpProxy.start({ host: database.hostname, port: Number(database.port || 5432) });
    try {
      const half = STREAM.pointsPerSeries / 2;
      await fixture.producePoints(scenario, STREAM, 0, half);
      const throughProxy = new URL(fixture.databaseUrl);
      throughProxy.host = `127.0.0.1:${proxy.port}`;
      const ingestor = await fixture.startIngestor(scenario, 'ingestor', { DATABASE_URL: throughProxy.toString() });
      await someStored(scenario);
      proxy.cut();
      await fixture.producePoints(scenario, STREAM, half);
      await waitFor('the ingestor to pause on failed writes', async () => (/consumption paused/.test(ingestor.output()) ? true : undefined));
      await sleep(3_000);
      expect((await fixture.stored(scenario)).rows).toBeLessThan(STREAM_POINTS);
      proxy.restore();

      expect(await everythingIngested(scenario)).toEqual(EXACTLY_THE_STREAM);
      expect(ingestor.output()).toMatch(/write failed \(attempt \d+\), retrying/);
      expect(ingestor.output()).toMatch(/consumption resumed/);
      expect(ingestor.child.exitCode).toBeNull();
    } finally {
      await proxy.stop();
    }
  }, 150_000);

  it('messages the database refuses although the contract passed them are isolated by splitting their batch and dead-lettered with its reason; every other point is stored', async () => {
    const scenario = await fixture.scenario('refused');
    // A rule of this database only: the contract knows nothing of it, so only the write can find these messages out.
    await fixture.pool.query('ALTER TABLE points ADD CONSTRAINT test_refuses_poison CHECK (value <> -666.5) NOT VALID');
    const messages: Message[] = [];
    for (let start = 0; start < REFUSED.pointsPerSeries; start += REFUSED.pointsPerMessage) {
      for (let s = 0; s < REFUSED.series; s++) {
        const series = `${scenario.name}/s${s}`;
        const points = Array.from({ length: REFUSED.pointsPerMessage }, (_, i) => [T0 + (start + i) * STEP_MS, start + i]);
        messages.push({ key: series, value: JSON.stringify({ series, points }) });
      }
    }
    const poison = Array.from({ length: REFUSED.poison }, (_, i) => {
      const series = `${scenario.name}/poison${i}`;
      return { key: series, value: JSON.stringify({ series, ts: T0, value: -666.5 }) };
    });
    // Spread through the stream, inside large record batches with good messages around them.
    poison.forEach((message, i) => messages.splice(Math.floor(((i + 0.5) * messages.length) / REFUSED.poison), 0, message));
    await fixture.produce(scenario.topics.points, messages, 100);

    const ingestor = await fixture.startIngestor(scenario, 'ingestor');
    await waitFor('offsets committed to the end', async () => ((await fixture.caughtUp(scenario)) ? true : undefined), 60_000);

    expect(await fixture.stored(scenario)).toEqual({ rows: REFUSED.series * REFUSED.pointsPerSeries, series: REFUSED.series, wrong: 0 });
    const deadLetters = await fixture.readTopic(scenario.topics.deadLetters);
    expect(deadLetters.map((m) => m.value!.toString()).sort()).toEqual(poison.map((m) => m.value).sort());
    for (const letter of deadLetters) {
      expect(letter.headers?.['tsf-reject-reason']?.toString()).toBe('unstorable');
      expect(letter.headers?.['tsf-reject-detail']?.toString()).toMatch(/test_refuses_poison/);
    }
    // Deterministic: found by splitting, never retried as if the database were down.
    expect(ingestor.output()).not.toMatch(/retrying/);
    expect(ingestor.child.exitCode).toBeNull();
  }, 120_000);

  it('health: ready once its consumer has joined; not ready within seconds when no broker can be reached; ready again when they are back', async () => {
    const scenario = await fixture.scenario('health');
    await fixture.producePoints(scenario, { series: 2, pointsPerSeries: 100, pointsPerMessage: 50, messagesPerSend: 2 });
    const ingestor = await fixture.startIngestor(scenario, 'ingestor');
    const port = metricsPort(ingestor);
    const ready = await waitFor('ready', async () => {
      const reply = await probe(port, '/health/ready');
      return reply.status === 200 ? reply : undefined;
    }, 30_000);
    expect(ready.body.details).toMatchObject({
      database: { status: 'up' },
      consumer: { status: 'up', state: 'running', joined: true, groupId: scenario.groupId, pausedByBackoff: [] },
    });
    expect(await probe(port, '/health/live')).toMatchObject({ status: 200 });
    // every produced point handled and committed first: a batch still in hand (its commit retrying against the downed
    // brokers) keeps the consumer ready by design, so the figure below would measure that batch, not the brokers
    await waitFor('offsets committed to the end', async () => ((await fixture.caughtUp(scenario)) ? true : undefined), 30_000);

    const brokers = [1, 2, 3];
    for (const broker of brokers) await fixture.cluster.brokerDown(broker);
    try {
      const down = await waitFor('readiness 503 with the brokers down', async () => {
        const reply = await probe(port, '/health/ready');
        return reply.status === 503 ? reply : undefined;
      }, 20_000);
      expect(down.body).toMatchObject({ status: 'error', error: { consumer: { status: 'down' } }, info: { database: { status: 'up' } } });
      // Unreachable brokers are a reason to wait, not to restart: the process stays live.
      expect(await probe(port, '/health/live')).toMatchObject({ status: 200 });
    } finally {
      for (const broker of brokers) await fixture.cluster.brokerUp(broker);
    }
    await waitFor('ready again', async () => ((await probe(port, '/health/ready')).status === 200 ? true : undefined), 90_000, 500);
    expect(ingestor.child.exitCode).toBeNull();
  }, 180_000);
});

describe('ingestor with 10,000 malformed messages interleaved with 10,000 good ones', () => {
  const SERIES = 10;
  const GOOD_POINTS = 20_000;
  const fixture = new IngestionFixture();
  let scenario: Scenario;
  let ingestor: AppProcess;
  let rejected: Map<string, { reason: RejectReason; key?: string }>;
  let deadLetters: KafkaMessage[];
  let events: KafkaMessage[];

  beforeAll(async () => {
    await fixture.start();
    scenario = await fixture.scenario('malformed');
    const { messages, bad } = interleaved(scenario.name, SERIES);
    rejected = bad;
    await fixture.produce(scenario.topics.points, messages, 500);
    ingestor = await fixture.startIngestor(scenario, 'ingestor', { TSF_INGEST_MAX_MESSAGE_BYTES: '600', TSF_INGEST_MAX_POINTS_PER_MESSAGE: '10' });
    await waitFor('offsets committed to the end', async () => ((await fixture.caughtUp(scenario)) ? true : undefined), 90_000);
    [deadLetters, events] = await Promise.all([fixture.readTopic(scenario.topics.deadLetters), fixture.readTopic(scenario.topics.events)]);
  }, 150_000);

  afterAll(() => fixture.teardown());

  it('stores every good point exactly once and keeps running', async () => {
    expect(await fixture.stored(scenario)).toEqual({ rows: GOOD_POINTS, series: SERIES, wrong: 0 });
    expect(ingestor.child.exitCode).toBeNull();
  });

  it('dead-letters every bad message once, with its original key and bytes and a header naming the reason', () => {
    const header = (message: KafkaMessage, name: string) => message.headers?.[name]?.toString();
    const seen = deadLetters.map((message) => ({
      value: message.value!.toString(),
      key: message.key?.toString(),
      reason: header(message, 'tsf-reject-reason'),
      source: header(message, 'tsf-source'),
      detail: header(message, 'tsf-reject-detail'),
    }));
    expect(seen).toHaveLength(rejected.size);
    expect(new Set(seen.map(({ value }) => value)).size).toBe(rejected.size);
    for (const letter of seen) {
      expect(letter).toMatchObject({ ...rejected.get(letter.value), source: expect.stringMatching(/^malformed\.points\/\d\/\d+$/) });
      expect(letter.detail).toBeTruthy();
    }
  });

  it('publishes series-updated events that add up to the points stored, with their time ranges', () => {
    const parsed = events.map((message) => seriesUpdatedEventSchema.parse(JSON.parse(message.value!.toString())));
    const perSeries = new Map<string, number>();
    for (const event of parsed) {
      perSeries.set(event.series, (perSeries.get(event.series) ?? 0) + event.points);
      expect(Date.parse(event.firstTs)).toBeGreaterThanOrEqual(T0);
      expect(Date.parse(event.lastTs)).toBeLessThan(T0 + (GOOD_POINTS / SERIES) * STEP_MS);
    }
    expect(perSeries).toEqual(new Map(Array.from({ length: SERIES }, (_, s) => [`${scenario.name}/s${s}`, GOOD_POINTS / SERIES])));
  });

  it('reports points, messages, dead letters by reason, batch latency and per-partition lag on /metrics', async () => {
    const sample = await waitFor('every partition lag reported as 0', async () => {
      const metrics = await scrape(ingestor);
      const lags = [0, 1, 2, 3, 4, 5].map((p) => metrics('tsf_ingest_consumer_lag', `partition="${p}"`));
      return lags.every((lag) => lag === 0) ? metrics : undefined;
    }, 20_000);
    expect(sample('tsf_ingest_points_total')).toBe(GOOD_POINTS);
    expect(sample('tsf_ingest_messages_total')).toBe(2 * rejected.size);
    const byReason = new Map<RejectReason, number>();
    for (const { reason } of rejected.values()) byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
    for (const [reason, count] of byReason) expect(sample('tsf_ingest_dead_letters_total', `reason="${reason}"`)).toBe(count);
    expect(sample('tsf_ingest_batch_duration_seconds_count')).toBeGreaterThan(0);
    expect(sample('tsf_ingest_paused')).toBe(0);
  });
});

/**
 * Good message k holds points 2j and 2j+1 (j = k div SERIES) of series k mod SERIES; after each good message comes
 * one bad message, its reason cycling through every reject reason. Every bad value is unique, so a dead letter
 * can be matched to the message it came from.
 */
function interleaved(prefix: string, seriesCount: number): { messages: Message[]; bad: Map<string, { reason: RejectReason; key?: string }> } {
  const messages: Message[] = [];
  const bad = new Map<string, { reason: RejectReason; key?: string }>();
  for (let k = 0; k < 10_000; k++) {
    const series = `${prefix}/s${k % seriesCount}`;
    const j = Math.floor(k / seriesCount);
    const ts = (i: number) => T0 + i * STEP_MS;
    messages.push({ key: series, value: JSON.stringify({ series, points: [[ts(2 * j), 2 * j], [ts(2 * j + 1), 2 * j + 1]] }) });
    const cases: [RejectReason, string][] = [
      ['not_json', `not json ${series} ${k}`],
      ['invalid_schema', `{"series":"${series}","ts":${ts(k)},"value":"v${k}"}`],
      ['non_finite_value', `{"series":"${series}","points":[[${ts(k)},1e999]]}`],
      ['bad_timestamp', `{"series":"${series}","ts":"yesterday ${k}","value":1}`],
      ['too_large', `{"series":"${series}","ts":${ts(k)},"value":1,"labels":{"a":"${'x'.repeat(600)}"}}`],
      ['too_many_points', JSON.stringify({ series, points: Array.from({ length: 11 }, (_, i) => [ts(k + i), i]) })],
      ['key_mismatch', `{"series":"${series}","ts":${ts(k)},"value":1}`],
      ['missing_key', `{"series":"${series}","ts":${ts(k)},"value":${k}}`],
      // What Postgres' jsonb refuses: a NUL and a lone surrogate (as JSON escapes), in a label value and a label name.
      ['unstorable', `{"series":"${series}","ts":${ts(k)},"value":1,"labels":{"site":"a\\u0000${k}"}}`],
      ['unstorable', `{"series":"${series}","points":[[${ts(k)},1]],"labels":{"site\\ud800":"${k}"}}`],
    ];
    const [reason, value] = cases[k % cases.length];
    const key = reason === 'key_mismatch' ? `other-${k}` : reason === 'missing_key' ? undefined : series;
    bad.set(value, { reason, key });
    messages.push({ key: key ?? null, value });
  }
  return { messages, bad };
}

/** The partitions an ingestor was given at its latest assignment, from its log. */
function assignedTo(ingestor: { output(): string }): number[] {
  const assignments = [...ingestor.output().matchAll(/assigned \S+ partitions \[([\d,]*)\]/g)];
  const latest = assignments.at(-1)?.[1];
  return latest ? latest.split(',').map(Number) : [];
}
