import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
// kafkajs is CommonJS; swc's interop makes these named imports work.
import { type Admin, type Consumer, Kafka, logLevel, type Producer } from 'kafkajs';
import { buildLauncher, KafkaMockCluster, mockConsumerSettings } from './index';

const TOPIC = 'tsf.points';
const NOT_LEADER_FOR_PARTITION = 6;

interface GroupMember {
  consumer: Consumer;
  keys: string[];
  partitions: Set<number>;
}

async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Pids of kafka-mock launchers started by this (jest worker) process. */
function launcherPids(): number[] {
  const { stdout } = spawnSync('pgrep', ['-P', String(process.pid), '-x', 'kafka-mock'], { encoding: 'utf8' });
  return stdout.split('\n').filter(Boolean).map(Number);
}

async function startLauncher(): Promise<{ cluster: KafkaMockCluster; pid: number }> {
  const before = launcherPids();
  const cluster = await KafkaMockCluster.start({ log: () => undefined });
  const [pid] = launcherPids().filter((p) => !before.includes(p));
  expect(pid).toBeDefined();
  return { cluster, pid };
}

const keyRange = (prefix: string, count: number): string[] =>
  Array.from({ length: count }, (_, i) => `${prefix}-${i}`);

describe('kafka mock', () => {
  let cluster: KafkaMockCluster;
  let kafka: Kafka;
  let producer: Producer;
  let admin: Admin;
  let members: GroupMember[] = [];

  async function joinGroup(groupId: string): Promise<GroupMember> {
    const consumer = kafka.consumer({ groupId, ...mockConsumerSettings });
    const member: GroupMember = { consumer, keys: [], partitions: new Set() };
    members.push(member);
    await member.consumer.connect();
    await member.consumer.subscribe({ topics: [TOPIC], fromBeginning: true });
    await member.consumer.run({
      eachMessage: async ({ partition, message }) => {
        member.keys.push(String(message.key));
        member.partitions.add(partition);
      },
    });
    return member;
  }

  async function produce(keys: string[]): Promise<void> {
    await producer.send({ topic: TOPIC, acks: -1, messages: keys.map((key) => ({ key, value: key })) });
  }

  const committedTotal = async (groupId: string): Promise<number> => {
    const [{ partitions }] = await admin.fetchOffsets({ groupId, topics: [TOPIC] });
    return partitions.reduce((sum, { offset }) => sum + Math.max(Number(offset), 0), 0);
  };

  const highWatermark = async (partition: number): Promise<number> => {
    const offsets = await admin.fetchTopicOffsets(TOPIC);
    return Number(offsets.find((o) => o.partition === partition)?.high);
  };

  beforeAll(async () => {
    cluster = await KafkaMockCluster.start({ brokers: 3, topics: [{ name: TOPIC, partitions: 6 }] });
    kafka = new Kafka({
      clientId: 'kafka-mock-spec',
      brokers: cluster.bootstrapServers,
      logLevel: logLevel.NOTHING,
    });
    producer = kafka.producer({ allowAutoTopicCreation: false, retry: { initialRetryTime: 100, retries: 10 } });
    admin = kafka.admin();
    await Promise.all([producer.connect(), admin.connect()]);
  });

  afterEach(async () => {
    await Promise.all(members.map(({ consumer }) => consumer.disconnect()));
    members = [];
  });

  afterAll(async () => {
    await Promise.all([producer?.disconnect(), admin?.disconnect()]);
    await cluster?.stop();
  });

  it('starts the requested brokers and topics', async () => {
    expect(cluster.bootstrapServers).toHaveLength(3);
    expect(cluster.bootstrapServers.every((server) => /^127\.0\.0\.1:\d+$/.test(server))).toBe(true);
    const { brokers } = await admin.describeCluster();
    expect(brokers.map(({ nodeId }) => nodeId).sort()).toEqual([1, 2, 3]);
    const [topic] = (await admin.fetchTopicMetadata({ topics: [TOPIC] })).topics;
    expect(topic.partitions).toHaveLength(6);
  });

  it('consumer group shares partitions and resumes from committed offsets', async () => {
    const groupId = 'tsf-ingest';
    const firstBatch = keyRange('first', 1000);
    await produce(firstBatch);

    // Both consumers join within the mock's initial 3 s rebalance delay, so the group forms once.
    const pair = await Promise.all([joinGroup(groupId), joinGroup(groupId)]);
    const received = (): string[] => pair.flatMap(({ keys }) => keys);
    await waitFor('the group to consume 1000 messages', () => received().length >= 1000);
    await waitFor('offsets to be committed', async () => (await committedTotal(groupId)) === 1000);

    expect(received().sort()).toEqual([...firstBatch].sort()); // each message exactly once across the group
    const [a, b] = pair.map(({ partitions }) => [...partitions].sort());
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    expect([...a, ...b].sort()).toEqual([0, 1, 2, 3, 4, 5]);

    await Promise.all(pair.map(({ consumer }) => consumer.disconnect()));
    const secondBatch = keyRange('second', 100);
    await produce(secondBatch);
    const restarted = await joinGroup(groupId);
    await waitFor('the restarted consumer to catch up', () => restarted.keys.length >= 100);
    await sleep(500); // let any (wrong) re-delivery of the first batch show up
    expect(restarted.keys.sort()).toEqual([...secondBatch].sort());
  });

  it('producer retries while the partition leader is down and succeeds after brokerUp', async () => {
    const [{ partitions }] = (await admin.fetchTopicMetadata({ topics: [TOPIC] })).topics;
    const { partitionId, leader } = partitions[0];
    const before = await highWatermark(partitionId);

    await cluster.brokerDown(leader);
    let delivered = false;
    const sent = producer
      .send({ topic: TOPIC, messages: [{ key: 'outage', value: 'x', partition: partitionId }] })
      .then(() => (delivered = true));
    await sleep(1_500);
    expect(delivered).toBe(false);

    await cluster.brokerUp(leader);
    await sent;
    expect(await highWatermark(partitionId)).toBe(before + 1);
  });

  it('injected Produce errors are returned to the client, which retries', async () => {
    const produceRequests: string[] = [];
    const removeListener = producer.on(producer.events.REQUEST, ({ payload }) => {
      if (payload.apiName === 'Produce') produceRequests.push(payload.broker);
    });
    try {
      await cluster.injectErrors('Produce', NOT_LEADER_FOR_PARTITION, 2);
      const [result] = await producer.send({
        topic: TOPIC,
        messages: [{ key: 'injected', value: 'x', partition: 1 }],
      });
      expect(result.errorCode).toBe(0);
      expect(produceRequests).toHaveLength(3);
    } finally {
      removeListener();
    }
  });

  it('commands reject with the launcher error and topics can be created at runtime', async () => {
    await expect(cluster.brokerDown(9)).rejects.toThrow('broker id must be 1..3');
    await expect(cluster.injectErrors('NoSuchRequest', 1)).rejects.toThrow('unknown request type');
    await expect(cluster.createTopic('has space', 1)).rejects.toThrow('invalid argument');

    await cluster.createTopic('tsf.runtime', 2, 1);
    await expect(cluster.createTopic('tsf.runtime', 2)).rejects.toThrow('already exists');
    const [topic] = (await admin.fetchTopicMetadata({ topics: ['tsf.runtime'] })).topics;
    expect(topic.partitions).toHaveLength(2);
  });
});

describe('kafka mock launcher', () => {
  it('stop() leaves no process behind and is idempotent', async () => {
    const { cluster, pid } = await startLauncher();
    await Promise.all([cluster.stop(), cluster.stop()]);
    await cluster.stop();
    expect(launcherPids()).not.toContain(pid);
    await expect(cluster.brokerDown(1)).rejects.toThrow('kafka-mock exited (exit code 0)');
  });

  it('pending and later commands reject when the launcher dies', async () => {
    const { cluster, pid } = await startLauncher();
    process.kill(pid, 'SIGKILL');
    await expect(cluster.brokerDown(1)).rejects.toThrow('killed by SIGKILL');
    await expect(cluster.brokerUp(1)).rejects.toThrow('killed by SIGKILL');
    await cluster.stop();
  });

  it('bad launcher arguments exit 2 with a usage message', async () => {
    const launcher = buildLauncher();
    for (const args of [['--brokers', '0'], ['--topic', 'no-partitions'], ['--topic', 't:3:4'], ['--bogus']]) {
      const { status, stderr } = spawnSync(launcher, args, { encoding: 'utf8' });
      expect({ args, status }).toEqual({ args, status: 2 });
      expect(stderr).toContain('usage: kafka-mock');
    }
    await expect(KafkaMockCluster.start({ brokers: 0, log: () => undefined })).rejects.toThrow(
      'kafka-mock failed to start (exit code 2): kafka-mock: --brokers must be 1..32',
    );
  });
});
