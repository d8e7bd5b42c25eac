import type { HealthReport } from '@tsf/observability';
import { TcpProxy } from '../../ingestion/support/tcp-proxy';
import type { E2eFixture } from '../../support/e2e-fixture';

/** A probe's answer from a process's metrics port, as a supervisor sees it. */
export async function probe(port: number, path: '/health/live' | '/health/ready'): Promise<{ status: number; body: HealthReport }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: response.status, body: (await response.json()) as HealthReport };
}

/** The fixture's database behind a proxy the test can cut (stopped at the fixture's teardown), and the URL that reaches it through the proxy. */
export async function databaseBehindProxy(fixture: E2eFixture): Promise<{ proxy: TcpProxy; url: string }> {
  const database = new URL(fixture.databaseUrl);
  const proxy = await fixture.own(TcpProxy.start({ host: database.hostname, port: Number(database.port || 5432) }), (started) => started.stop());
  database.host = `127.0.0.1:${proxy.port}`;
  return { proxy, url: database.toString() };
}
