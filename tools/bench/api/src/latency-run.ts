import { Agent, request } from 'node:http';
import { percentile } from './percentile';

/** p50 and p99 of one part of a request's latency, ms. */
export interface LatencySplit {
  p50: number;
  p99: number;
}

export interface SequentialResult {
  requests: number;
  failed: number;
  /** What the client waited, request sent to body received. */
  client: LatencySplit;
  /** The server's own stages from its `Server-Timing` header (empty for a route without one), and their sum. */
  stages: Record<string, LatencySplit>;
  server: LatencySplit;
  /** Client latency minus the stages: HTTP parsing, Nest routing, guards, middleware, JSON, loopback, the client. */
  outside: LatencySplit;
}

const split = (values: number[]): LatencySplit => ({ p50: percentile(values, 0.5), p99: percentile(values, 0.99) });

/** `resolve;dur=0.012, model;dur=0.003` → { resolve: 0.012, model: 0.003 }. */
function serverTiming(header: string | string[] | undefined): Record<string, number> {
  if (!header) return {};
  const entries = [header].flat().join(',').split(',');
  return Object.fromEntries(
    entries.map((entry) => {
      const [name, ...params] = entry.trim().split(';');
      const duration = params.find((param) => param.startsWith('dur='));
      return [name, duration ? Number(duration.slice(4)) : 0];
    }),
  );
}

function get(agent: Agent, baseUrl: string, path: string): Promise<{ status: number; ms: number; stages: Record<string, number> }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, baseUrl), { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, stages: serverTiming(res.headers['server-timing']) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * One client sending one request at a time over one keep-alive connection for `seconds`, over `paths` in turn: the
 * latency of a request when nothing queues in front of it, split into the server's stages and everything else.
 */
export async function runSequential(baseUrl: string, paths: string[], seconds: number): Promise<SequentialResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const client: number[] = [];
  const server: number[] = [];
  const outside: number[] = [];
  const stages = new Map<string, number[]>();
  let failed = 0;
  try {
    const until = performance.now() + seconds * 1000;
    for (let i = 0; performance.now() < until; i++) {
      const reply = await get(agent, baseUrl, paths[i % paths.length]);
      if (reply.status !== 200) {
        failed++;
        continue;
      }
      const inServer = Object.values(reply.stages).reduce((sum, ms) => sum + ms, 0);
      client.push(reply.ms);
      server.push(inServer);
      outside.push(reply.ms - inServer);
      for (const [name, ms] of Object.entries(reply.stages)) {
        if (!stages.has(name)) stages.set(name, []);
        stages.get(name)!.push(ms);
      }
    }
  } finally {
    agent.destroy();
  }
  return {
    requests: client.length,
    failed,
    client: split(client),
    stages: Object.fromEntries([...stages].map(([name, values]) => [name, split(values)])),
    server: split(server),
    outside: split(outside),
  };
}
