/**
 * Interactive mock cluster for demos:
 *   node -r @swc-node/register tools/kafka-mock/src/main.ts --brokers 3 --topic tsf.points:6
 * Prints the bootstrap servers, then forwards stdin lines (e.g. `broker down 2`) to the launcher.
 * Ctrl-C or Ctrl-D stops the cluster.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { KafkaMockCluster, type MockClusterOptions } from './mock-cluster';

function parseOptions(args: string[]): MockClusterOptions {
  const { values } = parseArgs({
    args,
    options: { brokers: { type: 'string' }, topic: { type: 'string', multiple: true } },
  });
  // Values are validated by the launcher, which rejects bad ones with a usage message.
  return {
    brokers: values.brokers === undefined ? undefined : Number(values.brokers),
    topics: values.topic?.map((spec) => {
      const [name, partitions, replicationFactor] = spec.split(':');
      return {
        name,
        partitions: Number(partitions),
        replicationFactor: replicationFactor === undefined ? undefined : Number(replicationFactor),
      };
    }),
  };
}

async function main(): Promise<void> {
  const cluster = await KafkaMockCluster.start(parseOptions(process.argv.slice(2)));
  console.log(`bootstrap servers: ${cluster.bootstrapServers.join(',')}`);
  console.log('commands: broker down|up ID, error REQUEST ERRCODE [COUNT], topic create NAME PARTS [RF], quit');

  const stop = (): void => void cluster.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() === 'quit') break;
    if (!line.trim()) continue;
    try {
      console.log(await cluster.command(line.trim()));
    } catch (err) {
      console.error((err as Error).message);
    }
  }
  await cluster.stop();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
