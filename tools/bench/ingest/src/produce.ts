import { Kafka, logLevel, type Message, Partitioners } from 'kafkajs';
import { pointsMessages, type Workload } from './workload';

/**
 * Produces the workload to the points topic. `messagesPerSend` sets the record batch a partition receives
 * per send, which on the mock is also what one fetch returns per partition.
 */
export async function produceWorkload(
  brokers: string[],
  topic: string,
  workload: Workload,
  messagesPerSend: number,
  onProgress: (messages: number) => void,
): Promise<{ messages: number; bytes: number }> {
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
      await producer.send({ topic, acks: -1, messages: chunk });
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
