import { createServer } from 'node:net';
import { ApiKeyStore, applyMigrations, createPrismaClient, ensureDatabase, MIGRATIONS_DIR } from '@tsf/db';
import { KafkaMockCluster, MOCK_LEADER_SYNC_DELAY_MS } from '@tsf/kafka-mock';
import { type AppName, AppProcess } from './app-process';

export const PLATFORM_TOPICS = [
  { name: 'tsf.points', partitions: 6 },
  { name: 'tsf.points.dlq', partitions: 1 },
  { name: 'tsf.series-events', partitions: 3 },
];

export interface LocalPlatformOptions {
  databaseUrl: string;
  /** Real brokers to use; without them a mock cluster is started on loopback. */
  kafkaBrokers?: string[];
  apiPort?: number;
  /** Extra environment for every app (e.g. TSF_TF_BACKEND). */
  env?: Record<string, string>;
  /** Each line any app prints, with the app's label. */
  onLine?: (app: string, line: string) => void;
  onStep?: (step: string) => void;
}

/** The whole platform on this machine: database migrated, Kafka (mock when none is given), api + ingestor + trainer + scheduler. */
export class LocalPlatform {
  private constructor(
    readonly apiUrl: string,
    /** An API key with every scope, for the demo and the tests (writes need one). */
    readonly apiKey: string,
    readonly brokers: string[],
    readonly env: Record<string, string>,
    private readonly options: LocalPlatformOptions,
    private readonly kafka: KafkaMockCluster | null,
    readonly apps: Map<string, AppProcess>,
  ) {}

  static async start(options: LocalPlatformOptions): Promise<LocalPlatform> {
    const step = options.onStep ?? (() => undefined);
    step(`preparing database ${new URL(options.databaseUrl).pathname.slice(1)}`);
    await ensureDatabase(options.databaseUrl);
    const migrations = await applyMigrations(options.databaseUrl, MIGRATIONS_DIR);
    step(`migrations: ${migrations.applied.length} applied, ${migrations.alreadyApplied.length} already there`);
    const apiKey = await createPlatformKey(options.databaseUrl);

    let kafka: KafkaMockCluster | null = null;
    let brokers = options.kafkaBrokers;
    if (!brokers?.length) {
      step('starting the Kafka mock cluster (3 brokers)');
      kafka = await KafkaMockCluster.start({ brokers: 3, topics: PLATFORM_TOPICS });
      brokers = kafka.bootstrapServers;
    }
    const port = options.apiPort ?? (await freePort());
    const env = {
      DATABASE_URL: options.databaseUrl,
      KAFKA_BROKERS: brokers.join(','),
      PORT: String(port),
      HOST: '127.0.0.1',
      TSF_TRAINER_POLL_MS: '300',
      // librdkafka's mock rebalances in (session timeout - 1 s) and needs followers to sync first.
      ...(kafka ? { KAFKA_SESSION_TIMEOUT_MS: '6000', KAFKA_MAX_WAIT_MS: '100', KAFKA_LEADER_SYNC_DELAY_MS: String(MOCK_LEADER_SYNC_DELAY_MS) } : {}),
      ...options.env,
    };
    const platform = new LocalPlatform(`http://127.0.0.1:${port}`, apiKey, brokers, env, options, kafka, new Map());
    try {
      step('starting api, ingestor, trainer and scheduler');
      await Promise.all((['api', 'ingestor', 'trainer', 'scheduler'] as const).map((app) => platform.startApp(app)));
    } catch (error) {
      await platform.stop();
      throw error;
    }
    return platform;
  }

  /** Starts (another) instance of an app under a label, e.g. a second ingestor. */
  async startApp(app: AppName, label: string = app, env: Record<string, string> = {}): Promise<AppProcess> {
    const started = await AppProcess.start(app, { env: { ...this.env, ...env }, onLine: (line) => this.options.onLine?.(label, line) }, label);
    this.apps.set(label, started);
    return started;
  }

  get mockCluster(): KafkaMockCluster | null {
    return this.kafka;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.apps.values()].map((app) => app.stop()));
    await this.kafka?.stop();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function createPlatformKey(databaseUrl: string): Promise<string> {
  const prisma = createPrismaClient(databaseUrl);
  try {
    return (await new ApiKeyStore(prisma).create('local-platform', ['read', 'write', 'admin'])).key;
  } finally {
    await prisma.$disconnect();
  }
}
