/**
 * `npm run bench:ingest`: durable end-to-end ingestion speed, against a raw COPY of the same rows timed in the same run.
 *   1. produce the workload (default 1,000,000 points) into a Kafka mock cluster (timed on its own, not in the figures);
 *   2. per round: a raw COPY of the same rows into a copy of `points` (the baseline), then the real ingestor process
 *      consuming the topic into the emptied `points` table, timed from group join to its last offset commit
 *      (the ingestor commits only after the database transaction, so that is when every point is durable);
 *   3. check the table holds exactly the points produced; print points/s, the ratio, peak RSS and how busy the machine was;
 *   4. per round, the same ingestion from a topic holding the same workload in compressed record batches, for each of
 *      --codecs (default gzip,snappy,lz4,zstd), against the uncompressed run of that round.
 * Options: --points N --series N --points-per-message N --messages-per-send N --partitions N --rounds N --codecs a,b
 *          --without-points-fk  (experiment: drop points' foreign key to series in the bench database, baseline likewise)
 * The ingestor reads its settings from the environment: `TSF_INGEST_CONCURRENCY=1 npm run bench:ingest` works.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { configSections } from '@tsf/config';
import { createTestDatabase, dropDatabase } from '@tsf/db';
import { type KafkaConfig, producerCompression } from '@tsf/kafka';
import { KafkaMockCluster } from '@tsf/kafka-mock';
import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { mockIngestorEnv, timeIngestor } from './ingest-run';
import { MachineLoad } from './machine-load';
import { produceWorkload } from './produce';
import { timeRawCopy } from './raw-copy';
import { verifyStored } from './stored-check';
import { assertNothingTrimmed } from './topic-check';
import { createWorkload, totalPoints } from './workload';

const TOPIC = 'tsf.points';

const { values: args } = parseArgs({
  options: {
    points: { type: 'string', default: '1000000' },
    series: { type: 'string', default: '200' },
    'points-per-message': { type: 'string', default: '100' },
    'messages-per-send': { type: 'string', default: '2000' },
    partitions: { type: 'string', default: '6' },
    rounds: { type: 'string', default: '2' },
    'without-points-fk': { type: 'boolean', default: false },
    codecs: { type: 'string', default: 'gzip,snappy,lz4,zstd' },
  },
});

/** The codecs compared with uncompressed batches, validated like KAFKA_COMPRESSION; each has its own copy of the topic. */
const codecs = args.codecs
  .split(',')
  .filter((name) => name !== '')
  .map((name) => configSections.kafka.shape.KAFKA_COMPRESSION.parse(name))
  .filter((name) => name !== 'none');
const codecTopic = (codec: string) => `${TOPIC}.${codec}`;

const rate = (points: number, seconds: number) => `${Math.round(points / seconds).toLocaleString('en-US').padStart(8)} points/s`;
const secs = (seconds: number) => `${seconds.toFixed(2).padStart(6)} s`;
const log = (line: string) => console.log(line);

async function main(): Promise<void> {
  const workload = createWorkload(Number(args.points), Number(args.series), Number(args['points-per-message']));
  const points = totalPoints(workload);
  const withForeignKey = !args['without-points-fk'];
  const databaseUrl = await createTestDatabase({ migrated: true });
  if (!withForeignKey) await sql(databaseUrl, 'ALTER TABLE points DROP CONSTRAINT points_series_id_fkey');
  const cluster = await KafkaMockCluster.start({
    brokers: 3,
    topics: [
      { name: TOPIC, partitions: Number(args.partitions) },
      ...codecs.map((codec) => ({ name: codecTopic(codec), partitions: Number(args.partitions) })),
      { name: 'tsf.points.dlq', partitions: 1 },
      { name: 'tsf.series-events', partitions: 3 },
    ],
    log: () => undefined,
  });
  const admin = new Kafka({ clientId: 'bench-ingest-admin', brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    log(`bench:ingest: ${points.toLocaleString('en-US')} points, ${workload.seriesKeys.length} series, ${workload.pointsPerMessage} points/message, ` +
      `${args.partitions} partitions on 3 mock brokers; ${MachineLoad.now()}`);
    log(`schema: points ${withForeignKey ? 'as migrated (primary key + foreign key to series)' : 'WITHOUT its foreign key to series (experiment)'}`);
    const produceStarted = performance.now();
    const produce = (topic: string, codec: KafkaConfig['KAFKA_COMPRESSION']) =>
      produceWorkload(cluster.bootstrapServers, topic, workload, Number(args['messages-per-send']), producerCompression({ KAFKA_COMPRESSION: codec }), () => undefined);
    const produced = await produce(TOPIC, 'none');
    await assertNothingTrimmed(admin, TOPIC);
    log(`produced ${produced.messages.toLocaleString('en-US')} messages (${(produced.bytes / 1e6).toFixed(1)} MB) in ${secs((performance.now() - produceStarted) / 1000)} (not part of the figures below)`);
    for (const codec of codecs) {
      const started = performance.now();
      await produce(codecTopic(codec), codec);
      await assertNothingTrimmed(admin, codecTopic(codec));
      log(`produced them again in ${codec} record batches to ${codecTopic(codec)} in ${secs((performance.now() - started) / 1000)}`);
    }

    const env = mockIngestorEnv(databaseUrl, cluster.bootstrapServers, TOPIC);
    for (let round = 1; round <= Number(args.rounds); round++) {
      log(`round ${round} (${MachineLoad.now()}):`);
      const copy = await timeRawCopy(databaseUrl, workload, withForeignKey);
      log(`  raw COPY of the same rows into a copy of points:   ${secs(copy.seconds)} ${rate(points, copy.seconds)}`);
      await sql(databaseUrl, 'TRUNCATE points');
      const busy = new MachineLoad();
      const ingest = await timeIngestor(admin, env, TOPIC, `bench-ingest-${round}`);
      const busyPercent = busy.busyPercent();
      await verifyStored(databaseUrl, workload);
      log(`  ingestor, real process, join → last commit:        ${secs(ingest.seconds)} ${rate(points, ingest.seconds)}  = ${(copy.seconds / ingest.seconds).toFixed(2)}× raw COPY`);
      log(`    every point stored once (checked); wall time with start-up ${secs(ingest.wallSeconds)}; ingestor CPU ${secs(ingest.cpuSeconds)} ` +
        `(${Math.round(points / ingest.cpuSeconds).toLocaleString('en-US')} points per CPU-second); peak RSS ${(ingest.peakRssBytes / 2 ** 20).toFixed(0)} MiB`);
      log(`    machine during the run: ${busyPercent.toFixed(0)}% of all CPUs busy (every process); ${MachineLoad.now()}`);
      if (withForeignKey) {
        const reference = await timeRawCopy(databaseUrl, workload, false);
        log(`  for reference, raw COPY without the foreign key:   ${secs(reference.seconds)} ${rate(points, reference.seconds)}`);
      }
      for (const codec of codecs) {
        await sql(databaseUrl, 'TRUNCATE points');
        const compressed = await timeIngestor(admin, { ...env, TSF_TOPIC_POINTS: codecTopic(codec) }, codecTopic(codec), `bench-ingest-${round}-${codec}`);
        await verifyStored(databaseUrl, workload);
        log(`  ingestor, ${`${codec} record batches:`.padEnd(40)} ${secs(compressed.seconds)} ${rate(points, compressed.seconds)}  = ${(ingest.seconds / compressed.seconds).toFixed(2)}× uncompressed` +
          `; every point stored once (checked); ingestor CPU ${secs(compressed.cpuSeconds)}`);
      }
    }
  } finally {
    await admin.disconnect();
    await cluster.stop();
    await dropDatabase(databaseUrl);
  }
}

async function sql(databaseUrl: string, statement: string): Promise<void> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    await pool.query(statement);
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
