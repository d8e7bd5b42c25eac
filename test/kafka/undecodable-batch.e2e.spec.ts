import { loadConfig } from '@tsf/config';
import { createKafka, type UndecodableBatch, undecodableBatch } from '@tsf/kafka';
import { type KafkaMockCluster, mockConsumerSettings } from '@tsf/kafka-mock';
import { CompressionCodecs, CompressionTypes, type Kafka, type Producer } from 'kafkajs';
import { E2eFixture } from '../support/e2e-fixture';

type KafkajsCodec = { compress(encoder: { buffer: Buffer }): Promise<Buffer>; decompress(data: Buffer): Promise<Buffer> };
const codecTable = CompressionCodecs as Record<number, () => KafkajsCodec>;

/** Garbage in place of the compressed records: the batch is well formed (its CRC covers the garbage), its records are not. */
const CORRUPTING: KafkajsCodec = { compress: async () => Buffer.from('these bytes are no codec output'), decompress: () => Promise.reject(new Error('unused')) };

interface Seen {
  offset: string;
  value: string | null;
  undecodable?: UndecodableBatch;
}

describe('undecodable record batches through the kafkajs consumer', () => {
  const fixture = new E2eFixture();
  let cluster: KafkaMockCluster;
  let kafka: Kafka;
  let producer: Producer;

  beforeAll(async () => {
    cluster = await fixture.startKafka();
    kafka = createKafka(loadConfig(['kafka'], { KAFKA_BROKERS: cluster.bootstrapServers.join(',') }));
    producer = await fixture.connectProducer(kafka);
  });

  afterAll(() => fixture.teardown());

  const send = (topic: string, values: string[], compression: number) =>
    producer.send({ topic, acks: -1, compression: compression as CompressionTypes, messages: values.map((value) => ({ value })) });

  /** Sends one batch whose compressed records are garbage, labelled with codec id `labelled` (1-7). */
  async function sendCorrupt(topic: string, values: string[], labelled: number): Promise<void> {
    const registered = codecTable[labelled];
    codecTable[labelled] = () => CORRUPTING;
    try {
      await send(topic, values, labelled);
    } finally {
      codecTable[labelled] = registered;
    }
  }

  async function consume(topic: string, count: number): Promise<Seen[]> {
    const consumer = kafka.consumer({ groupId: `${topic}-reader`, ...mockConsumerSettings });
    const seen: Seen[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    // A throw out of kafkajs' fetch would crash the consumer: fail the test with its error instead of waiting forever.
    await new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.CRASH, ({ payload }) => reject(payload.error));
      void consumer.run({
        eachMessage: async ({ message }) => {
          const undecodable = undecodableBatch(message);
          seen.push({ offset: message.offset, value: message.value?.toString() ?? null, ...(undecodable ? { undecodable } : {}) });
          if (seen.length === count) resolve();
        },
      });
    });
    await consumer.disconnect();
    return seen;
  }

  it('goes on past a corrupt batch and a batch with a nonexistent codec id, with placeholders for exactly their offsets', async () => {
    const topic = 'undecodable';
    await cluster.createTopic(topic, 1);
    await send(topic, ['a0', 'a1', 'a2'], CompressionTypes.LZ4);
    await sendCorrupt(topic, ['lost3', 'lost4', 'lost5'], CompressionTypes.LZ4);
    await send(topic, ['b6', 'b7'], CompressionTypes.ZSTD);
    await sendCorrupt(topic, ['lost8', 'lost9'], 5);
    await send(topic, ['c10'], CompressionTypes.Snappy);

    const seen = await consume(topic, 11);

    const corrupt = { codec: 'lz4', reason: expect.stringMatching(/^lz4: /), firstOffset: '3', lastOffset: '5' };
    const unassigned = { codec: 'unassigned id 5', reason: 'unassigned id 5: codec id 5 does not exist', firstOffset: '8', lastOffset: '9' };
    expect(seen).toEqual([
      { offset: '0', value: 'a0' },
      { offset: '1', value: 'a1' },
      { offset: '2', value: 'a2' },
      { offset: '3', value: null, undecodable: corrupt },
      { offset: '4', value: null, undecodable: corrupt },
      { offset: '5', value: null, undecodable: corrupt },
      { offset: '6', value: 'b6' },
      { offset: '7', value: 'b7' },
      { offset: '8', value: null, undecodable: unassigned },
      { offset: '9', value: null, undecodable: unassigned },
      { offset: '10', value: 'c10' },
    ]);
  });
});
