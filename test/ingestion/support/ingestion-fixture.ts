import { mockConsumerSettings } from '@tsf/kafka-mock';
import { type AppProcess, groupCaughtUp } from '@tsf/platform';
import type { Admin, Kafka, KafkaMessage, Message, Producer } from 'kafkajs';
import { Pool } from 'pg';
import { E2eFixture, metricsPort } from '../../support/e2e-fixture';

export { metricsPort };

export const T0 = Date.UTC(2024, 0, 1);
export const STEP_MS = 60_000;
const PARTITIONS = 6;

/** One fault scenario's own topics, consumer group and series prefix, so scenarios sharing a cluster and a database stay apart. */
export interface Scenario {
  name: string;
  topics: { points: string; deadLetters: string; events: string };
  groupId: string;
}

export interface Workload {
  series: number;
  pointsPerSeries: number;
  pointsPerMessage: number;
  /** Small sends make small record batches: many commits, so a fault lands mid-stream. */
  messagesPerSend: number;
}

export interface StoredPoints {
  rows: number;
  series: number;
  wrong: number;
}

/**
 * The shared e2e fixture with what the ingestion fault tests add: a 3-broker cluster, clients of it and of the
 * database, one scenario's topics at a time, and helpers to produce points and read back what was stored.
 */
export class IngestionFixture extends E2eFixture {
  pool!: Pool;
  producer!: Producer;
  admin!: Admin;
  private kafka!: Kafka;

  /** The database, the cluster and the clients; teardown() ends them, and every ingestor started since. */
  async start(): Promise<void> {
    await Promise.all([this.createDatabase(), this.startKafka({ brokers: 3 })]);
    this.kafka = this.kafkaClient('ingestion-faults');
    [this.producer, this.admin] = await Promise.all([this.connectProducer(this.kafka), this.connectAdmin(this.kafka)]);
    this.pool = this.own(new Pool({ connectionString: this.databaseUrl, max: 2 }), (pool) => pool.end());
  }

  async scenario(name: string): Promise<Scenario> {
    const topics = { points: `${name}.points`, deadLetters: `${name}.dlq`, events: `${name}.events` };
    await this.cluster.createTopic(topics.points, PARTITIONS);
    // The mock keeps about 5 MB per partition and drops older records beyond that: spread the dead letters.
    await this.cluster.createTopic(topics.deadLetters, 3);
    await this.cluster.createTopic(topics.events, 1);
    return { name, topics, groupId: `${name}-ingestor` };
  }

  /** One more topic of the scenario, `<scenario>.<suffix>` (e.g. one per points format). */
  async extraTopic(scenario: Scenario, suffix: string, partitions = PARTITIONS): Promise<string> {
    const topic = `${scenario.name}.${suffix}`;
    await this.cluster.createTopic(topic, partitions);
    return topic;
  }

  /** A real ingestor process for the scenario, SIGKILLed at teardown; `env` overrides (e.g. a DATABASE_URL through a proxy). */
  startIngestor(scenario: Scenario, label: string, env: Record<string, string> = {}): Promise<AppProcess> {
    return this.startApp('ingestor', {
      label,
      teardown: 'kill',
      env: {
        TSF_TOPIC_POINTS: scenario.topics.points,
        TSF_TOPIC_DLQ: scenario.topics.deadLetters,
        TSF_TOPIC_SERIES_EVENTS: scenario.topics.events,
        TSF_INGEST_GROUP_ID: scenario.groupId,
        ...env,
      },
    });
  }

  /**
   * Batch messages of the scenario's series; point j of every series has ts T0 + j·STEP_MS and value j.
   * `from`/`to` produce only points [from, to) of each series (a stream in parts).
   */
  async producePoints(scenario: Scenario, workload: Workload, from = 0, to = workload.pointsPerSeries): Promise<number> {
    const messages: Message[] = [];
    for (let start = from; start < to; start += workload.pointsPerMessage) {
      for (let s = 0; s < workload.series; s++) {
        const series = `${scenario.name}/s${s}`;
        const points = [];
        for (let j = start; j < Math.min(to, start + workload.pointsPerMessage); j++) points.push([T0 + j * STEP_MS, j]);
        messages.push({ key: series, value: JSON.stringify({ series, points }) });
      }
    }
    await this.produce(scenario.topics.points, messages, workload.messagesPerSend);
    return workload.series * (to - from);
  }

  async produce(topic: string, messages: Message[], messagesPerSend: number): Promise<void> {
    for (let i = 0; i < messages.length; i += messagesPerSend) {
      await this.producer.send({ topic, acks: -1, messages: messages.slice(i, i + messagesPerSend) });
    }
  }

  /**
   * The broker leading a partition of `topic` that holds messages: taking it down stalls that partition (the mock
   * never moves leadership), whereas a fixed broker id may lead none of the topic's partitions.
   */
  async leaderOfAPartitionWithMessages(topic: string): Promise<number> {
    const busy = (await this.admin.fetchTopicOffsets(topic)).find(({ high, low }) => Number(high) > Number(low));
    if (!busy) throw new Error(`${topic} holds no messages`);
    const [{ partitions }] = (await this.admin.fetchTopicMetadata({ topics: [topic] })).topics;
    return partitions.find(({ partitionId }) => partitionId === busy.partition)!.leader;
  }

  /** Rows of the scenario's series, and how many of them break the rule value = (ts - T0) / STEP_MS. */
  async stored(scenario: Scenario): Promise<StoredPoints> {
    const { rows } = await this.pool.query<StoredPoints>(
      `SELECT count(*)::int AS rows, count(DISTINCT p.series_id)::int AS series,
              count(*) FILTER (WHERE p.value <> (extract(epoch FROM p.ts) * 1000 - $2) / $3 OR p.ts < to_timestamp($2 / 1000.0))::int AS wrong
         FROM points p JOIN series s ON s.id = p.series_id WHERE s.key LIKE $1`,
      [`${scenario.name}/%`, T0, STEP_MS],
    );
    return rows[0];
  }

  /** Every message of a topic from the beginning (reads until the end offsets seen at the start). */
  async readTopic(topic: string): Promise<KafkaMessage[]> {
    const ends = (await this.admin.fetchTopicOffsets(topic)).filter(({ high, low }) => Number(high) > Number(low));
    const remaining = new Map(ends.map(({ partition, high }) => [partition, Number(high)]));
    const consumer = this.kafka.consumer({ groupId: `reader-${topic}-${Date.now()}`, ...mockConsumerSettings });
    const messages: KafkaMessage[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      if (remaining.size === 0) return resolve();
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            messages.push(message);
            if (Number(message.offset) + 1 >= remaining.get(partition)!) remaining.delete(partition);
            if (remaining.size === 0) resolve();
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();
    return messages;
  }

  /** The group's committed offsets have reached the end of every partition of the scenario's points topic (or of `topic`). */
  caughtUp(scenario: Scenario, topic = scenario.topics.points): Promise<boolean> {
    return groupCaughtUp(this.admin, scenario.groupId, topic);
  }
}

/** One sample of a metric from the Prometheus text format (labels as written, e.g. `reason="not_json"`). */
export async function scrape(ingestor: AppProcess): Promise<(name: string, labels?: string) => number | undefined> {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort(ingestor)}/metrics`)).text();
  return (name, labels) => {
    const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && (labels === undefined || l.includes(labels)));
    return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
  };
}
