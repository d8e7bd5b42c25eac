import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { RawAvroSchema } from '@kafkajs/confluent-schema-registry/dist/@types';
import { waitFor } from '@tsf/platform';
import type { KafkaMessage, Message } from 'kafkajs';
import { avroPointSchema } from '../support/avro-point-schema';
import { SchemaRegistryStandIn } from '../support/schema-registry-stand-in';
import { IngestionFixture, type Scenario, STEP_MS, T0 } from './support/ingestion-fixture';

const POINTS = 30;
const ns = (ms: number) => BigInt(ms) * 1_000_000n;

const READING = avroPointSchema('Reading', 'plant.sensors');

interface StoredSeries {
  key: string;
  labels: Record<string, string>;
  points: [number, number][];
}

describe('ingestor with line-protocol and Avro topics besides the JSON one (real process, mock Kafka, Schema Registry stand-in)', () => {
  const fixture = new IngestionFixture();
  let registry: SchemaRegistryStandIn;
  let producer: SchemaRegistry;

  beforeAll(async () => {
    [registry] = await Promise.all([fixture.own(SchemaRegistryStandIn.start(), (standIn) => standIn.stop()), fixture.start()]);
    producer = new SchemaRegistry({ host: registry.url });
  }, 60_000);

  afterAll(() => fixture.teardown());

  async function stored(keys: string[]): Promise<StoredSeries[]> {
    const { rows } = await fixture.pool.query<StoredSeries>(
      `SELECT s.key, s.labels, json_agg(json_build_array((extract(epoch FROM p.ts) * 1000)::bigint, p.value) ORDER BY p.ts) AS points
         FROM series s JOIN points p ON p.series_id = s.id WHERE s.key = ANY($1) GROUP BY s.id ORDER BY s.key`,
      [keys],
    );
    return rows.map((row) => ({ ...row, points: row.points.map(([ts, value]) => [Number(ts), value]) }));
  }

  const everythingCommitted = (scenario: Scenario, topics: string[]) =>
    waitFor(`${scenario.name}: offsets committed to the end of ${topics.join(', ')}`, async () => {
      const done = await Promise.all(topics.map((topic) => fixture.caughtUp(scenario, topic)));
      return done.every(Boolean) ? true : undefined;
    }, 90_000);

  const reasons = (letters: KafkaMessage[]) =>
    letters.map((letter) => [letter.value!.toString('hex'), letter.headers?.['tsf-reject-reason']?.toString(), letter.headers?.['tsf-reject-detail']?.toString()]);

  it('stores Telegraf line protocol and Schema Registry Avro with their series keys, labels and timestamps, and dead-letters the malformed messages with a reason', async () => {
    const scenario = await fixture.scenario('formats');
    const [telegraf, sensors] = await Promise.all([fixture.extraTopic(scenario, 'telegraf', 3), fixture.extraTopic(scenario, 'sensors', 3)]);
    const { id } = await producer.register(READING);

    const lines: Message[] = [];
    for (let j = 0; j < POINTS; j++) {
      const at = ns(T0 + j * STEP_MS);
      // As Telegraf's Kafka output sends them: no key, tags sorted, one metric per message, strings mixed in.
      lines.push({ value: `cpu,cpu=cpu0,host=web-1 usage_idle=${j},usage_user=${j}i ${at}` });
      lines.push({ value: `cpu,cpu=cpu1,host=web-1 usage_idle=${j + 0.5} ${at}\nsystem,host=web-1 load1=${j},uptime_format="${j} days" ${at}` });
    }
    const badLines = [`cpu,host=web-1 usage_idle=1`, `cpu,host=web-1 usage_idle=oops ${ns(T0)}`];
    const readings: Message[] = [];
    for (let j = 0; j < POINTS; j++) {
      readings.push({ key: 'plant/temp', value: await producer.encode(id, { series: 'plant/temp', ts: T0 + j * STEP_MS, value: 20 + j, labels: { site: 'a' } }) });
    }
    const good = await producer.encode(id, { series: 'plant/temp', ts: T0, value: 1, labels: null });
    const unknownId = Buffer.from(good);
    unknownId.writeInt32BE(4242, 1);
    const badReadings = [Buffer.concat([Buffer.from([1]), good.subarray(1)]), unknownId, await producer.encode(id, { series: 'plant/temp', ts: T0, value: Number.NaN, labels: null })];

    await Promise.all([
      fixture.produce(telegraf, [...lines, ...badLines.map((value) => ({ value }))], 10),
      fixture.produce(sensors, [...readings, ...badReadings.map((value) => ({ key: 'plant/temp', value }))], 10),
      fixture.produce(scenario.topics.points, [{ key: 'formats/json', value: JSON.stringify({ series: 'formats/json', ts: T0, value: 7 }) }], 1),
    ]);
    await fixture.startIngestor(scenario, 'ingestor', {
      TSF_INGEST_FORMATS: `${telegraf}=influx-line,${sensors}=avro`,
      TSF_SCHEMA_REGISTRY_URL: registry.url,
    });
    await everythingCommitted(scenario, [scenario.topics.points, telegraf, sensors]);

    const series = (ts: (j: number) => number, value: (j: number) => number) => Array.from({ length: POINTS }, (_, j) => [ts(j), value(j)]);
    const at = (j: number) => T0 + j * STEP_MS;
    const webCpu = (cpu: string) => ({ cpu, host: 'web-1' });
    expect(
      await stored(['cpu/usage_idle/cpu:cpu0/host:web-1', 'cpu/usage_user/cpu:cpu0/host:web-1', 'cpu/usage_idle/cpu:cpu1/host:web-1', 'system/load1/host:web-1', 'plant/temp', 'formats/json']),
    ).toEqual([
      { key: 'cpu/usage_idle/cpu:cpu0/host:web-1', labels: webCpu('cpu0'), points: series(at, (j) => j) },
      { key: 'cpu/usage_idle/cpu:cpu1/host:web-1', labels: webCpu('cpu1'), points: series(at, (j) => j + 0.5) },
      { key: 'cpu/usage_user/cpu:cpu0/host:web-1', labels: webCpu('cpu0'), points: series(at, (j) => j) },
      { key: 'formats/json', labels: {}, points: [[T0, 7]] },
      { key: 'plant/temp', labels: { site: 'a' }, points: series(at, (j) => 20 + j) },
      { key: 'system/load1/host:web-1', labels: { host: 'web-1' }, points: series(at, (j) => j) },
    ]);
    // Nothing else was stored: string fields are skipped, and no bad message left a point behind.
    expect((await fixture.pool.query('SELECT count(*)::int AS n FROM series')).rows[0].n).toBe(6);

    const deadLetters = reasons(await fixture.readTopic(scenario.topics.deadLetters));
    const hex = (value: string | Buffer) => Buffer.from(value).toString('hex');
    expect(deadLetters.sort()).toEqual(
      [
        [hex(badLines[0]), 'missing_timestamp', 'line 1: no timestamp (one is required so that redelivery stores the same points)'],
        [hex(badLines[1]), 'not_line_protocol', 'line 1: field "usage_idle": "oops" is not a float, integer, unsigned, string or boolean'],
        [hex(badReadings[0]), 'bad_wire_format', 'expected the Confluent wire format (magic byte 0 and a 4-byte schema id), found magic byte 1'],
        [hex(badReadings[1]), 'unknown_schema', 'schema 4242 is not in the registry'],
        [hex(badReadings[2]), 'non_finite_value', 'value: value is not finite'],
      ].sort(),
    );
  }, 150_000);

  it('while the registry is down, Avro messages wait and are stored once it is back: none is dead-lettered for it', async () => {
    const scenario = await fixture.scenario('registry-down');
    const sensors = await fixture.extraTopic(scenario, 'sensors', 1);
    const { id } = await producer.register({ ...READING, name: 'OutageReading' } as RawAvroSchema);
    const messages = await Promise.all(
      Array.from({ length: POINTS }, async (_, j) => ({ key: 'outage/temp', value: await producer.encode(id, { series: 'outage/temp', ts: T0 + j * STEP_MS, value: j, labels: null }) })),
    );
    registry.unavailable = true;
    try {
      await fixture.produce(sensors, messages, 5);
      await fixture.startIngestor(scenario, 'ingestor', { TSF_INGEST_FORMATS: `${sensors}=avro`, TSF_SCHEMA_REGISTRY_URL: registry.url });
      await waitFor('the ingestor asked the unavailable registry for the schema', async () =>
        registry.requests.filter((request) => request === `GET /schemas/ids/${id}`).length >= 2 ? true : undefined,
      );
      expect(await fixture.caughtUp(scenario, sensors)).toBe(false);
    } finally {
      registry.unavailable = false;
    }
    await everythingCommitted(scenario, [sensors]);
    expect(await stored(['outage/temp'])).toEqual([{ key: 'outage/temp', labels: {}, points: Array.from({ length: POINTS }, (_, j) => [T0 + j * STEP_MS, j]) }]);
    expect(await fixture.readTopic(scenario.topics.deadLetters)).toEqual([]);
  }, 150_000);

  it('an ingestor with an avro topic and no TSF_SCHEMA_REGISTRY_URL stops at start with a configuration error naming it', async () => {
    const scenario = await fixture.scenario('no-registry');
    await expect(fixture.startIngestor(scenario, 'ingestor', { TSF_INGEST_FORMATS: 'no-registry.sensors=avro' })).rejects.toThrow(
      /exited with 78 before it was ready:[\s\S]*TSF_SCHEMA_REGISTRY_URL: is required: topic no-registry.sensors is avro/,
    );
  }, 60_000);
});
