import { readFileSync } from 'node:fs';
import { MOCK_LEADER_SYNC_DELAY_MS, mockConsumerSettings } from '@tsf/kafka-mock';
import { AppProcess } from '@tsf/platform';
import type { Admin } from 'kafkajs';

export interface IngestTiming {
  /** From the ingestor's `ready` (group joined, partitions assigned) to every offset committed. */
  seconds: number;
  /** From spawning the process to every offset committed: start-up, group join and ingestion. */
  wallSeconds: number;
  peakRssBytes: number;
  cpuSeconds: number;
  exitCode: number | null;
}

/** The ingestor's environment against the Kafka mock cluster: its database, the brokers, the points topic and the mock's consumer timings. */
export function mockIngestorEnv(databaseUrl: string, brokers: readonly string[], topic: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_SESSION_TIMEOUT_MS: String(mockConsumerSettings.sessionTimeout),
    KAFKA_MAX_WAIT_MS: String(mockConsumerSettings.maxWaitTimeInMs),
    KAFKA_LEADER_SYNC_DELAY_MS: String(MOCK_LEADER_SYNC_DELAY_MS),
    TSF_TOPIC_POINTS: topic,
  };
}

/**
 * Runs the real ingestor process against a topic that already holds the workload and waits until the group's
 * committed offsets reach the end of every partition. The ingestor commits only after the database transaction,
 * so that moment is when every point is durable.
 */
export async function timeIngestor(
  admin: Admin,
  env: Record<string, string>,
  topic: string,
  groupId: string,
): Promise<IngestTiming> {
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map(({ partition, high }) => [partition, Number(high)]));
  const spawned = performance.now();
  const ingestor = await AppProcess.start('ingestor', { env: { ...env, TSF_INGEST_GROUP_ID: groupId } }, 'ingestor');
  const ready = performance.now();
  try {
    for (;;) {
      const [{ partitions }] = await admin.fetchOffsets({ groupId, topics: [topic] });
      if (partitions.every(({ partition, offset }) => Number(offset) === ends.get(partition))) break;
      if (ingestor.child.exitCode !== null) throw new Error(`the ingestor exited early:\n${ingestor.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const done = performance.now();
    const usage = processUsage(ingestor.child.pid!);
    return { seconds: (done - ready) / 1000, wallSeconds: (done - spawned) / 1000, ...usage, exitCode: await ingestor.stop() };
  } catch (error) {
    await ingestor.kill();
    throw error;
  }
}

/** Peak resident memory and CPU time of a live process, from /proc. */
function processUsage(pid: number): { peakRssBytes: number; cpuSeconds: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const peakKb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { peakRssBytes: peakKb * 1024, cpuSeconds: ticks / 100 };
}
