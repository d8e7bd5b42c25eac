import { registerCodecs } from '@tsf/kafka';
import { type CompressionTypes, Kafka, logLevel, Partitioners } from 'kafkajs';

/** Streams one series to the points topic as batch messages (key = series key), the way a producer app would. */
export async function producePoints(
  brokers: string[],
  series: string,
  timestamps: ArrayLike<number>,
  values: ArrayLike<number>,
  options: {
    topic?: string;
    pointsPerMessage?: number;
    labels?: Record<string, string>;
    /** The record batches' codec (none when unset); the platform's clients read every codec. */
    compression?: CompressionTypes;
    onProgress?: (sent: number) => void;
  } = {},
): Promise<number> {
  const perMessage = options.pointsPerMessage ?? 500;
  registerCodecs(); // a client built here, not by createKafka, needs them too
  const producer = new Kafka({ clientId: 'tsf-producer', brokers, logLevel: logLevel.NOTHING }).producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    let messages = 0;
    for (let start = 0; start < values.length; start += perMessage) {
      const points = [];
      for (let i = start; i < Math.min(values.length, start + perMessage); i++) points.push([timestamps[i], values[i]]);
      await producer.send({
        topic: options.topic ?? 'tsf.points',
        acks: -1,
        compression: options.compression,
        messages: [{ key: series, value: JSON.stringify({ series, points, ...(options.labels ? { labels: options.labels } : {}) }) }],
      });
      messages++;
      options.onProgress?.(Math.min(values.length, start + perMessage));
    }
    return messages;
  } finally {
    await producer.disconnect();
  }
}
