import { registerCodecs } from '@tsf/kafka';
import { type CompressionTypes, Kafka, logLevel, type Message, Partitioners } from 'kafkajs';
import { pointsMessages, type Workload } from './workload';

/**
 * Produces the workload to the points topic in record batches compressed with `compression`. `messagesPerSend` sets
 * the record batch a partition receives per send, which on the mock is also what one fetch returns per partition.
 */
export async function produceWorkload(
  brokers: string[],
  topic: string,
  workload: Workload,
  messagesPerSend: number,
  compression: CompressionTypes,
  onProgress: (messages: number) => void,
): Promise<{ messages: number; bytes: number }> {
  registerCodecs(); // a client built here, not by createKafka, needs them too
  const producer = new Kafka({ clientId: 'bench-ingest', brokers, logLevel: logLevel.NOTHING }).producer({
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  let messages = 0;
  let bytes = 0;
  try {
    let chunk: Message[] = [];
    const send = async () => {
      await producer.send({ topic, acks: -1, compression, messages: chunk });
      messages += chunk.length;
      onProgress(messages);
      chunk = [];
    };
    for (const message of pointsMessages(workload)) {
      chunk.push(message);
      bytes += message.value.length;
      if (chunk.length === messagesPerSend) await send();
    }
    if (chunk.length > 0) await send();
    return { messages, bytes };
  } finally {
    await producer.disconnect();
  }
}
