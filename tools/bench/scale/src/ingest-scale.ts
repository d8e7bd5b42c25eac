import { createTestDatabase, dropDatabase } from '@tsf/db';
import { KafkaMockCluster } from '@tsf/kafka-mock';
import { CompressionTypes, Kafka, logLevel } from 'kafkajs';
import { mockIngestorEnv, timeIngestor } from '../../ingest/src/ingest-run';
import { produceWorkload } from '../../ingest/src/produce';
import { verifyStored } from '../../ingest/src/stored-check';
import { assertNothingTrimmed } from '../../ingest/src/topic-check';
import { createWorkload } from '../../ingest/src/workload';

export interface IngestScaleResult {
  series: number;
  points: number;
  pointsPerSecond: number;
  peakRssBytes: number;
}

/**
 * bench:ingest's run for each series count: the same `points` (every series as many of them) produced to a topic of
 * its own on one mock cluster, then the real ingestor process into a fresh database, timed from group join to its
 * last offset commit, the table checked to hold exactly what was produced. Messages carry `pointsPerMessage` points,
 * so every size sends as many messages of the same size and only the series count changes.
 */
export async function runIngestScale(sizes: readonly number[], points: number, pointsPerMessage: number, partitions: number): Promise<IngestScaleResult[]> {
  const topic = (series: number) => `tsf.points.scale-${series}`;
  const cluster = await KafkaMockCluster.start({
    brokers: 3,
    topics: [...sizes.map((series) => ({ name: topic(series), partitions })), { name: 'tsf.points.dlq', partitions: 1 }, { name: 'tsf.series-events', partitions: 3 }],
    log: () => undefined,
  });
  const admin = new Kafka({ clientId: 'bench-scale-admin', brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const results: IngestScaleResult[] = [];
  try {
    for (const series of sizes) {
      const workload = createWorkload(points, series, pointsPerMessage);
      await produceWorkload(cluster.bootstrapServers, topic(series), workload, 2000, CompressionTypes.None, () => undefined);
      await assertNothingTrimmed(admin, topic(series));
      const databaseUrl = await createTestDatabase({ migrated: true });
      try {
        const env = mockIngestorEnv(databaseUrl, cluster.bootstrapServers, topic(series));
        const timing = await timeIngestor(admin, env, topic(series), `bench-scale-${series}`);
        await verifyStored(databaseUrl, workload);
        results.push({ series, points, pointsPerSecond: points / timing.seconds, peakRssBytes: timing.peakRssBytes });
      } finally {
        await dropDatabase(databaseUrl);
      }
    }
    return results;
  } finally {
    await admin.disconnect();
    await cluster.stop();
  }
}
