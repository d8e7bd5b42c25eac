import type { HealthReport } from '@tsf/observability';
import { TcpProxy } from '../../ingestion/support/tcp-proxy';

/** A probe's answer from a process's metrics port, as a supervisor sees it. */
export async function probe(port: number, path: '/health/live' | '/health/ready'): Promise<{ status: number; body: HealthReport }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: response.status, body: (await response.json()) as HealthReport };
}

/** The database behind a proxy the test can cut, and the URL that reaches it through the proxy. */
export async function databaseBehindProxy(databaseUrl: string): Promise<{ proxy: TcpProxy; url: string }> {
  const database = new URL(databaseUrl);
  const proxy = await TcpProxy.start({ host: database.hostname, port: Number(database.port || 5432) });
  database.host = `127.0.0.1:${proxy.port}`;
  return { proxy, url: database.toString() };
}
