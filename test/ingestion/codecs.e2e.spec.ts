import { execFileSync, spawnSync } from 'node:child_process';
import { registerCodecs } from '@tsf/kafka';
import { waitFor } from '@tsf/platform';
import { CompressionCodecs, CompressionTypes, type KafkaMessage } from 'kafkajs';
import { requireTool } from '../support/required-tool';
import { IngestionFixture, type Scenario, STEP_MS, T0 } from './support/ingestion-fixture';

const KCAT_CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
const PRODUCED_CODECS = { lz4: CompressionTypes.LZ4, zstd: CompressionTypes.ZSTD, snappy: CompressionTypes.Snappy } as const;
const SERIES_PER_CODEC = 3;
const POINTS_PER_SERIES = 40;
const POINTS_PER_MESSAGE = 10;

type KafkajsCodec = { compress(encoder: { buffer: Buffer }): Promise<Buffer>; decompress(data: Buffer): Promise<Buffer> };
const codecTable = CompressionCodecs as Record<number, () => KafkajsCodec>;

/**
 * kcat (librdkafka) is the other client these tests speak to. tools/scripts/setup.sh installs it; under CI its
 * absence fails the suite, elsewhere the suite is skipped and says so.
 */
const kcatFound = requireTool(spawnSync('kcat', ['-V']).error === undefined, 'codecs.e2e: kcat is not installed');

function kcat(args: string[], input?: string): string {
  return execFileSync('kcat', args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 });
}

/** Batch messages of the points contract as `key<TAB>value` lines, point j of every series has value j. */
function pointLines(seriesPrefix: string): string {
  const lines: string[] = [];
  for (let start = 0; start < POINTS_PER_SERIES; start += POINTS_PER_MESSAGE) {
    for (let s = 0; s < SERIES_PER_CODEC; s++) {
      const series = `${seriesPrefix}${s}`;
      const points = Array.from({ length: POINTS_PER_MESSAGE }, (_, i) => [T0 + (start + i) * STEP_MS, start + i]);
      lines.push(`${series}\t${JSON.stringify({ series, points })}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Runs `read` while counting how often kafkajs decompresses a batch of codec `id` in this process. */
async function countingDecompressions<T>(id: number, read: () => Promise<T>): Promise<{ result: T; decompressions: number }> {
  const registered = codecTable[id];
  const codec = registered();
  let decompressions = 0;
  const counting: KafkajsCodec = { compress: (encoder) => codec.compress(encoder), decompress: (data) => (decompressions++, codec.decompress(data)) };
  codecTable[id] = () => counting;
  try {
    return { result: await read(), decompressions };
  } finally {
    codecTable[id] = registered;
  }
}

(kcatFound ? describe : describe.skip)('ingestor and Kafka codecs (real processes, mock Kafka cluster, kcat, Postgres)', () => {
  const fixture = new IngestionFixture();
  const bootstrap = () => fixture.cluster.bootstrapServers.join(',');

  beforeAll(async () => {
    registerCodecs(); // the fixture's kafkajs clients read what the ingestor compressed
    await fixture.start();
  }, 60_000);

  afterAll(() => fixture.teardown());

  const caughtUp = (scenario: Scenario) =>
    waitFor(`${scenario.name}: offsets committed to the end`, async () => ((await fixture.caughtUp(scenario)) ? true : undefined), 90_000);

  async function pointsPerSeriesPrefix(scenario: Scenario): Promise<Record<string, number>> {
    const { rows } = await fixture.pool.query<{ prefix: string; points: number }>(
      `SELECT regexp_replace(s.key, '\\d+$', '') AS prefix, count(*)::int AS points FROM points p JOIN series s ON s.id = p.series_id
        WHERE s.key LIKE $1 GROUP BY 1`,
      [`${scenario.name}/%`],
    );
    return Object.fromEntries(rows.map(({ prefix, points }) => [prefix, points]));
  }

  it('stores exactly once every point kcat produced, in each of none, gzip, snappy, lz4 and zstd', async () => {
    const scenario = await fixture.scenario('kcat-codecs');
    for (const codec of KCAT_CODECS) {
      kcat(['-P', '-b', bootstrap(), '-t', scenario.topics.points, '-K', '\t', '-z', codec, '-X', 'linger.ms=50'], pointLines(`${scenario.name}/${codec}-s`));
    }
    await fixture.startIngestor(scenario, 'ingestor');
    await caughtUp(scenario);

    const everyCodec = Object.fromEntries(KCAT_CODECS.map((codec) => [`${scenario.name}/${codec}-s`, SERIES_PER_CODEC * POINTS_PER_SERIES]));
    expect(await pointsPerSeriesPrefix(scenario)).toEqual(everyCodec);
    expect((await fixture.stored(scenario)).wrong).toBe(0);
  }, 150_000);

  it.each(Object.entries(PRODUCED_CODECS))('with KAFKA_COMPRESSION=%s, kcat (librdkafka) reads the dead letters and series events the ingestor produced', async (codec, id) => {
    const scenario = await fixture.scenario(`produced-${codec}`);
    const series = `${scenario.name}/s0`;
    await fixture.produce(
      scenario.topics.points,
      [
        { key: series, value: JSON.stringify({ series, points: [[T0, 0], [T0 + STEP_MS, 1]] }) },
        { key: series, value: 'not json' },
        { key: series, value: JSON.stringify({ series, ts: T0, value: 'NaN' }) },
      ],
      3,
    );
    await fixture.startIngestor(scenario, 'ingestor', { KAFKA_COMPRESSION: codec });
    await caughtUp(scenario);

    const { result: inProcess, decompressions } = await countingDecompressions(id, async () => [
      await fixture.readTopic(scenario.topics.deadLetters),
      await fixture.readTopic(scenario.topics.events),
    ]);
    expect(inProcess.map((messages: KafkaMessage[]) => messages.length)).toEqual([2, 1]);
    expect(decompressions).toBeGreaterThan(0); // the ingestor's batches really are in this codec

    const consumed = (topic: string) =>
      kcat(['-C', '-b', bootstrap(), '-t', topic, '-e', '-J', '-q'])
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { key: string | null; payload: string | null; headers?: string[] });
    const deadLetters = consumed(scenario.topics.deadLetters);
    expect(deadLetters.map(({ key, payload, headers }) => ({ key, payload, reason: headers?.[headers.indexOf('tsf-reject-reason') + 1] })).sort((a, b) => a.payload!.localeCompare(b.payload!))).toEqual([
      { key: series, payload: JSON.stringify({ series, ts: T0, value: 'NaN' }), reason: 'invalid_schema' },
      { key: series, payload: 'not json', reason: 'not_json' },
    ]);
    const [event] = consumed(scenario.topics.events);
    expect(JSON.parse(event.payload!)).toMatchObject({ type: 'series.updated', series, points: 2 });
  }, 150_000);

  it('a corrupt batch among good ones: the good points after it are stored, and its offsets go to the dead letters as undecodable_batch', async () => {
    const scenario = await fixture.scenario('corrupt-batch');
    const message = (j: number) => ({ key: `${scenario.name}/s0`, partition: 0, value: JSON.stringify({ series: `${scenario.name}/s0`, points: [[T0 + j * STEP_MS, j]] }) });
    const send = (js: number[], compression = CompressionTypes.None) =>
      fixture.producer.send({ topic: scenario.topics.points, acks: -1, compression, messages: js.map(message) });
    await send([0, 1, 2]);
    const registered = codecTable[CompressionTypes.LZ4];
    codecTable[CompressionTypes.LZ4] = () => ({ compress: async () => Buffer.from('not lz4 at all'), decompress: () => Promise.reject(new Error('unused')) });
    const [corrupt] = await send([100, 101, 102, 103], CompressionTypes.LZ4).finally(() => (codecTable[CompressionTypes.LZ4] = registered));
    await send([3, 4], CompressionTypes.LZ4);
    await send([5]);

    await fixture.startIngestor(scenario, 'ingestor');
    await caughtUp(scenario);

    expect(await fixture.stored(scenario)).toEqual({ rows: 6, series: 1, wrong: 0 });
    const firstOffset = Number(corrupt.baseOffset);
    const deadLetters = await fixture.readTopic(scenario.topics.deadLetters);
    expect(deadLetters.map((letter) => ({ reason: letter.headers?.['tsf-reject-reason']?.toString(), source: letter.headers?.['tsf-source']?.toString() }))).toEqual([
      { reason: 'undecodable_batch', source: `${scenario.topics.points}/0/${firstOffset}-${firstOffset + 3}` },
    ]);
  }, 150_000);
});
