import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { HealthChecks } from '../health/health-checks';
import { answerHealth, HEALTH_PATHS } from '../health/health-routes';

export interface MetricsServer {
  /** The port it listens on (the one asked for, or the one the system chose for port 0). */
  readonly port: number;
  close(): Promise<void>;
}

export interface MetricsServerOptions {
  port: number;
  host?: string;
  /** Also answer `GET /health/live` and `GET /health/ready` from these checks. */
  health?: HealthChecks;
}

/**
 * A minimal HTTP server for processes without one of their own: `GET /metrics` in the Prometheus text format, the
 * health probes when given checks, 404 otherwise. Each request is answered on its own, so a slow check delays only
 * its probe's answer, never a scrape.
 */
export async function serveMetrics(registry: Registry, options: MetricsServerOptions): Promise<MetricsServer> {
  const server = createServer((request, response) => {
    route(registry, options.health, request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`${String(error)}\n`);
    });
  });
  await listen(server, options.port, options.host);
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

async function route(registry: Registry, health: HealthChecks | undefined, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = request.url?.split('?')[0] ?? '';
  const probe = health && HEALTH_PATHS.get(path);
  if (request.method === 'GET' && path === '/metrics') {
    const text = await registry.metrics();
    response.writeHead(200, { 'content-type': registry.contentType }).end(text);
  } else if (request.method === 'GET' && health && probe) {
    await answerHealth(health, probe, response);
  } else {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  }
}

function listen(server: Server, port: number, host?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
