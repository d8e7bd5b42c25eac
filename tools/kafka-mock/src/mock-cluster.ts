import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';

export interface MockClusterOptions {
  brokers?: number;
  topics?: { name: string; partitions: number; replicationFactor?: number }[];
  /** Receives the launcher's stderr (librdkafka warnings) line by line; defaults to process.stderr. */
  log?: (line: string) => void;
}

const TOOL_DIR = path.resolve(__dirname, '..');
const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

/** Builds the C launcher if launcher.c changed (see build.sh) and returns the binary's path. */
export function buildLauncher(): string {
  try {
    execFileSync('bash', [path.join(TOOL_DIR, 'build.sh')], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`kafka-mock build failed: ${stderr || String(err)}`);
  }
  return path.join(TOOL_DIR, 'bin', 'kafka-mock');
}

interface InFlight {
  resolve: (reply: string) => void;
  reject: (error: Error) => void;
}

/**
 * A librdkafka mock Kafka cluster running in a child process (tools/kafka-mock/bin/kafka-mock).
 * Kafka clients connect to `bootstrapServers`; faults are injected over the launcher's stdin protocol.
 */
export class KafkaMockCluster {
  private inFlight?: InFlight;
  /** Commands run one at a time: each waits for the previous one's reply. */
  private queueTail: Promise<unknown> = Promise.resolve();
  private exitError?: Error;
  private stopping?: Promise<void>;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly bootstrapServers: string[],
    private readonly exited: Promise<void>,
    private readonly log: (line: string) => void,
  ) {}

  static async start(options: MockClusterOptions = {}): Promise<KafkaMockCluster> {
    const child = spawn(buildLauncher(), launcherArgs(options), { stdio: 'pipe' });
    const killChild = (): void => {
      child.kill('SIGKILL');
    };
    process.on('exit', killChild);
    // 'close' (not 'exit') fires once stdout/stderr are drained, so no reply or log line is lost.
    const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
    void exited.then(() => process.off('exit', killChild));
    // Write errors (EPIPE after the launcher died) surface through the 'close' handling instead.
    child.stdin.on('error', () => undefined);

    const log = options.log ?? ((line: string) => process.stderr.write(`[kafka-mock] ${line}\n`));
    const stderrLines: string[] = [];
    createInterface({ input: child.stderr }).on('line', (line) => {
      stderrLines.push(line);
      log(line);
    });
    const stdout = createInterface({ input: child.stdout });

    let bootstrapServers: string[];
    try {
      bootstrapServers = await waitForReady(child, stdout, stderrLines);
    } catch (err) {
      child.kill('SIGKILL');
      throw err;
    }
    const cluster = new KafkaMockCluster(child, bootstrapServers, exited, log);
    stdout.on('line', (line) => cluster.onReply(line));
    child.once('close', (code, signal) => cluster.onExit(describeExit(code, signal)));
    return cluster;
  }

  /** Drops the broker's connections and refuses new ones; partition leadership does not move. */
  async brokerDown(id: number): Promise<void> {
    await this.command(`broker down ${int(id)}`);
  }

  async brokerUp(id: number): Promise<void> {
    await this.command(`broker up ${int(id)}`);
  }

  /**
   * Makes the next `count` requests of a type fail with `errorCode`, cluster-wide.
   * `request` is a Kafka ApiKey or a name such as 'Produce', 'Fetch', 'OffsetCommit', 'JoinGroup'.
   */
  async injectErrors(request: string | number, errorCode: number, count = 1): Promise<void> {
    const type = typeof request === 'number' ? int(request) : word(request);
    await this.command(`error ${type} ${int(errorCode)} ${int(count)}`);
  }

  /** Replication defaults to min(3, brokers). */
  async createTopic(name: string, partitions: number, replicationFactor?: number): Promise<void> {
    const replication = replicationFactor === undefined ? '' : ` ${int(replicationFactor)}`;
    await this.command(`topic create ${word(name)} ${int(partitions)}${replication}`);
  }

  /**
   * Sends one raw protocol line (see README) and resolves with the launcher's `OK ...` reply;
   * rejects with the `ERR` reason, or if the launcher exits first.
   */
  command(line: string): Promise<string> {
    if (/[\r\n]/.test(line)) return Promise.reject(new Error('kafka-mock: a command must be a single line'));
    const reply = this.queueTail.then(() => this.roundTrip(line));
    this.queueTail = reply.catch(() => undefined);
    return reply;
  }

  /** Closes the launcher's stdin (it then destroys the cluster and exits); SIGKILL after a timeout. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    this.child.stdin.end();
    const killTimer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(killTimer);
  }

  private roundTrip(line: string): Promise<string> {
    if (this.exitError) return Promise.reject(this.exitError);
    return new Promise((resolve, reject) => {
      this.inFlight = { resolve, reject };
      this.child.stdin.write(`${line}\n`);
    });
  }

  private onReply(line: string): void {
    const command = this.inFlight;
    this.inFlight = undefined;
    if (!command) this.log(`unexpected output: ${line}`);
    else if (line.startsWith('OK')) command.resolve(line);
    else command.reject(new Error(`kafka-mock: ${line.replace(/^ERR /, '')}`));
  }

  private onExit(reason: string): void {
    this.exitError = new Error(`kafka-mock exited (${reason})`);
    this.inFlight?.reject(this.exitError);
    this.inFlight = undefined;
  }
}

function launcherArgs({ brokers, topics = [] }: MockClusterOptions): string[] {
  const args = brokers === undefined ? [] : ['--brokers', String(brokers)];
  for (const { name, partitions, replicationFactor } of topics) {
    const spec = [name, partitions, replicationFactor].filter((part) => part !== undefined).join(':');
    args.push('--topic', spec);
  }
  return args;
}

/** Resolves with the bootstrap servers from the launcher's first stdout line, `READY host:port,...`. */
function waitForReady(
  child: ChildProcessWithoutNullStreams,
  stdout: Interface,
  stderrLines: string[],
): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const fail = (reason: string): void => {
      cleanup();
      const stderr = stderrLines.length ? `: ${stderrLines.join(' | ')}` : '';
      reject(new Error(`kafka-mock failed to start (${reason})${stderr}`));
    };
    const onLine = (line: string): void => {
      if (!line.startsWith('READY ')) return fail(`unexpected output "${line}"`);
      cleanup();
      resolve(line.slice('READY '.length).split(','));
    };
    const onClose = (code: number | null, signal: NodeJS.Signals | null): void =>
      fail(describeExit(code, signal));
    const onError = (err: Error): void => fail(err.message);
    const timer = setTimeout(() => fail(`no READY line within ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);
    const cleanup = (): void => {
      clearTimeout(timer);
      stdout.off('line', onLine);
      child.off('close', onClose);
      child.off('error', onError);
    };
    stdout.on('line', onLine);
    child.on('close', onClose);
    child.on('error', onError);
  });
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `killed by ${signal}` : `exit code ${code}`;
}

/** Guards the line protocol: arguments must be single tokens. */
function word(value: string): string {
  if (!/^[\w.-]+$/.test(value)) throw new Error(`kafka-mock: invalid argument "${value}"`);
  return value;
}

function int(value: number): string {
  if (!Number.isInteger(value)) throw new Error(`kafka-mock: expected an integer, got ${value}`);
  return String(value);
}
