import { createTestDatabase, dropDatabase } from '@tsf/db';
import { KafkaMockCluster, MOCK_LEADER_SYNC_DELAY_MS, type MockClusterOptions, mockConsumerSettings } from '@tsf/kafka-mock';
import { type AppName, AppProcess, FAST_TRAINER_ENV, freePort, LocalPlatform, type LocalPlatformOptions, TrainerPool } from '@tsf/platform';
import { type Admin, Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';

/** What each app gets under the spec's own `env`, and how long it may take to log `[app] ready`. */
const APP_DEFAULTS: Record<AppName, { env: Record<string, string>; readyTimeoutMs: number }> = {
  api: { env: { HOST: '127.0.0.1' }, readyTimeoutMs: 120_000 },
  trainer: { env: FAST_TRAINER_ENV, readyTimeoutMs: 180_000 },
  scheduler: { env: {}, readyTimeoutMs: 60_000 },
  ingestor: { env: {}, readyTimeoutMs: 60_000 },
};

export interface AppOptions {
  /** Names the process in messages, and is a trainer's TSF_WORKER_ID; the app's name by default. */
  label?: string;
  /** On top of the fixture's environment (the database, the cluster, the app's defaults); wins over all of it. */
  env?: Record<string, string>;
  /** Each line the app prints, stdout and stderr alike. */
  onLine?: (line: string) => void;
  /** How teardown() ends the process: `stop` (SIGTERM, a graceful stop; the default) or `kill` (SIGKILL). */
  teardown?: 'stop' | 'kill';
}

/** An API process and the base URL it serves on. */
export interface RunningApi {
  url: string;
  app: AppProcess;
}

interface TeardownStep {
  run: () => Promise<unknown>;
}

/**
 * The shared set-up of the e2e suites: a migrated test database, a Kafka mock cluster, the platform's apps as real
 * processes, and the clients a spec needs. One fixture per `describe`, made at once (it starts nothing until asked),
 * and one `afterAll`:
 *
 *     const fixture = new E2eFixture();
 *     beforeAll(async () => {
 *       await Promise.all([fixture.createDatabase(), fixture.startKafka({ topics: [{ name: 'tsf.series-events', partitions: 1 }] })]);
 *       scheduler = await fixture.startApp('scheduler');
 *     });
 *     afterAll(() => fixture.teardown());
 *
 * Whatever it starts, and whatever a spec hands it with `own()`, is remembered the moment it begins to start; so
 * `teardown()` ends everything in reverse order (processes, clients, the cluster, then the database dropped), also
 * when `beforeAll` failed half-way or a start was still under way.
 */
export class E2eFixture {
  private readonly steps: TeardownStep[] = [];
  private database?: string;
  private mockCluster?: KafkaMockCluster;

  /** A fresh database on the test server, migrated unless told otherwise (LocalPlatform migrates its own); dropped at teardown. */
  async createDatabase(options: { migrated: boolean } = { migrated: true }): Promise<string> {
    if (this.database) throw new Error(`this fixture already has a database (${this.database})`);
    this.database = await this.own(createTestDatabase(options), (url) => dropDatabase(url));
    return this.database;
  }

  /** The database of createDatabase(); apps get it as DATABASE_URL. */
  get databaseUrl(): string {
    if (!this.database) throw new Error('no database yet: call createDatabase() first');
    return this.database;
  }

  /** A Kafka mock cluster (1 broker unless told otherwise; librdkafka's warnings silenced); stopped at teardown. */
  async startKafka(options: MockClusterOptions = {}): Promise<KafkaMockCluster> {
    if (this.mockCluster) throw new Error('this fixture already has a Kafka mock cluster');
    this.mockCluster = await this.own(KafkaMockCluster.start({ brokers: 1, log: () => undefined, ...options }), (cluster) => cluster.stop());
    return this.mockCluster;
  }

  /** The cluster of startKafka(); apps get its brokers, and the consumer settings the mock needs, as KAFKA_*. */
  get cluster(): KafkaMockCluster {
    if (!this.mockCluster) throw new Error('no Kafka mock cluster yet: call startKafka() first');
    return this.mockCluster;
  }

  /** A kafkajs client of the fixture's cluster (or of `brokers`) that logs nothing; it holds no connection itself. */
  kafkaClient(clientId: string, brokers: string[] = this.cluster.bootstrapServers): Kafka {
    return new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING });
  }

  /** A connected producer (no topic auto-creation, the default partitioner); disconnected at teardown. */
  async connectProducer(kafka: Kafka): Promise<Producer> {
    const producer = this.own(kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner }), (client) => client.disconnect());
    await producer.connect();
    return producer;
  }

  /** A connected admin client; disconnected at teardown. */
  async connectAdmin(kafka: Kafka): Promise<Admin> {
    const admin = this.own(kafka.admin(), (client) => client.disconnect());
    await admin.connect();
    return admin;
  }

  /**
   * One of the platform's apps as a real process (@tsf/platform's AppProcess), resolved once it logs `[app] ready`.
   * Its environment: TSF_TF_BACKEND=wasm, TSF_METRICS_PORT=0 (a free port the app logs: read it with metricsPort()),
   * the fixture's database and cluster, the app's defaults (the API on 127.0.0.1, FAST_TRAINER_ENV and
   * TSF_WORKER_ID = label for a trainer), then `options.env`.
   */
  startApp(app: AppName, options: AppOptions = {}): Promise<AppProcess> {
    const label = options.label ?? app;
    const env = {
      TSF_TF_BACKEND: 'wasm',
      TSF_METRICS_PORT: '0',
      ...(this.database ? { DATABASE_URL: this.database } : {}),
      ...(this.mockCluster ? mockKafkaEnv(this.mockCluster) : {}),
      ...APP_DEFAULTS[app].env,
      ...(app === 'trainer' ? { TSF_WORKER_ID: label } : {}),
      ...options.env,
    };
    const started = AppProcess.start(app, { env, onLine: options.onLine, readyTimeoutMs: APP_DEFAULTS[app].readyTimeoutMs }, label);
    return this.own(started, (running) => (options.teardown === 'kill' ? running.kill() : running.stop()));
  }

  /** An API process on a free port of its own, with the URL it serves on. */
  async startApi(options: Omit<AppOptions, 'teardown'> = {}): Promise<RunningApi> {
    const port = await freePort();
    const app = await this.startApp('api', { ...options, env: { ...options.env, PORT: String(port) } });
    return { url: `http://127.0.0.1:${port}`, app };
  }

  /** A pool of named trainer processes (@tsf/platform's TrainerPool) started through this fixture, so teardown ends them. */
  trainerPool(): TrainerPool {
    return new TrainerPool((name, onLine) => this.startApp('trainer', { label: name, onLine }));
  }

  /**
   * The whole platform (@tsf/platform's LocalPlatform: its own 3-broker mock cluster, api, ingestor, trainer and
   * scheduler) on the fixture's database, which it migrates itself; stopped, with every app it started, at teardown.
   */
  startPlatform(options: Omit<LocalPlatformOptions, 'databaseUrl'> = {}): Promise<LocalPlatform> {
    return this.own(LocalPlatform.start({ ...options, databaseUrl: this.databaseUrl }), (platform) => platform.stop());
  }

  /**
   * Hands `resource` (or the promise of it) to the fixture: teardown() ends it with `stop`, in reverse order of
   * hand-over, once it has started (a resource that failed to start is skipped). Returns `resource` as it was.
   */
  own<T>(resource: T, stop: (resource: Awaited<T>) => unknown): T {
    const started = Promise.resolve(resource).then(
      (value) => ({ value }),
      () => undefined,
    );
    this.steps.push({
      run: async () => {
        const outcome = await started;
        if (outcome) await stop(outcome.value);
      },
    });
    return resource;
  }

  /**
   * Ends everything, last started first, one at a time; a step that fails does not stop the others, and the failures
   * are thrown together at the end. The fixture is empty afterwards and can be filled again.
   */
  async teardown(): Promise<void> {
    const failures: unknown[] = [];
    for (const step of this.steps.splice(0).reverse()) {
      await step.run().catch((error: unknown) => failures.push(error));
    }
    this.database = undefined;
    this.mockCluster = undefined;
    if (failures.length > 0) {
      throw new AggregateError(failures, `e2e fixture teardown: ${failures.map((failure) => (failure as Error).message ?? String(failure)).join('; ')}`);
    }
  }
}

/** The KAFKA_* settings of an app on the mock: its brokers, and the consumer settings of mockConsumerSettings. */
function mockKafkaEnv(cluster: KafkaMockCluster): Record<string, string> {
  return {
    KAFKA_BROKERS: cluster.bootstrapServers.join(','),
    KAFKA_SESSION_TIMEOUT_MS: String(mockConsumerSettings.sessionTimeout),
    KAFKA_MAX_WAIT_MS: String(mockConsumerSettings.maxWaitTimeInMs),
    KAFKA_LEADER_SYNC_DELAY_MS: String(MOCK_LEADER_SYNC_DELAY_MS),
  };
}

/** The port an app serves /metrics and the health probes on, from the line it logs at start (TSF_METRICS_PORT=0). */
export function metricsPort(app: AppProcess): number {
  const port = /serving \/metrics on port (\d+)/.exec(app.output())?.[1];
  if (!port) throw new Error(`no metrics port in the output of ${app.name}:\n${app.output()}`);
  return Number(port);
}
