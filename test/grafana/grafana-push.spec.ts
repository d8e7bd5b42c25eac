import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { tsfDashboards } from '@tsf/observability';
import { Client } from 'pg';
import { E2eFixture } from '../support/e2e-fixture';
import { REGISTRY_SEED } from './registry-seed';

const TSF = join(__dirname, '../../tools/cli/bin/tsf.js');

interface Recorded {
  method: string;
  path: string;
  authorization?: string;
  body: Record<string, unknown> | undefined;
}

/** Just enough of Grafana's HTTP API (folders, dashboards/db, annotations) to record what the client sends. */
function fakeGrafana(): { server: Server; requests: Recorded[] } {
  const requests: Recorded[] = [];
  const folders = new Set<string>();
  const annotations: Array<{ id: number; tags: string[] }> = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
    const path = req.url ?? '';
    requests.push({ method: req.method ?? '', path, authorization: req.headers.authorization, body });
    const reply = (status: number, json: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    if (req.method === 'GET' && path.startsWith('/api/folders/')) return folders.has(path.slice(13)) ? reply(200, {}) : reply(404, { message: 'not found' });
    if (req.method === 'POST' && path === '/api/folders') return folders.add(String(body?.uid)), reply(200, { uid: body?.uid });
    if (req.method === 'POST' && path === '/api/dashboards/db') return reply(200, { uid: (body?.dashboard as { uid: string }).uid, url: '/d/x', version: 1 });
    if (req.method === 'GET' && path.startsWith('/api/annotations')) return reply(200, annotations);
    if (req.method === 'POST' && path === '/api/annotations') {
      annotations.push({ id: annotations.length + 1, tags: body?.tags as string[] });
      return reply(200, { id: annotations.length });
    }
    reply(404, { message: `unexpected ${req.method} ${path}` });
  });
  return { server, requests };
}

describe('tsf grafana push', () => {
  const fixture = new E2eFixture();
  let url: string;
  let grafana: ReturnType<typeof fakeGrafana>;
  let grafanaUrl: string;

  beforeAll(async () => {
    url = await fixture.createDatabase();
    const db = new Client({ connectionString: url });
    await db.connect();
    await db.query(REGISTRY_SEED);
    await db.end();
    grafana = fixture.own(fakeGrafana(), ({ server }) => new Promise((resolve) => server.close(resolve)));
    await new Promise<void>((resolve) => grafana.server.listen(0, '127.0.0.1', resolve));
    grafanaUrl = `http://127.0.0.1:${(grafana.server.address() as AddressInfo).port}`;
  });

  afterAll(() => fixture.teardown());

  const push = () => promisify(execFile)('node', [TSF, 'grafana', 'push', '--url', grafanaUrl, '--token', 'glsa_test'], { env: { ...process.env, DATABASE_URL: url } });

  it('pushes every dashboard into the tsf folder and each promotion once, however often it runs', async () => {
    await push();
    await push();
    const dashboards = grafana.requests.filter((r) => r.path === '/api/dashboards/db');
    expect(dashboards.map((r) => (r.body?.dashboard as { uid: string }).uid)).toEqual([...tsfDashboards, ...tsfDashboards].map((d) => d.dashboard.uid));
    expect(dashboards.every((r) => r.body?.overwrite === true && r.body?.folderUid === 'tsf')).toBe(true);
    expect(grafana.requests.filter((r) => r.method === 'POST' && r.path === '/api/folders')).toHaveLength(1);
    const annotations = grafana.requests.filter((r) => r.method === 'POST' && r.path === '/api/annotations');
    expect(annotations).toHaveLength(1);
    expect(annotations[0].body).toMatchObject({ text: 'demo v2 to production (policy)', dashboardUID: 'tsf-model-accuracy' });
    expect(annotations[0].body?.tags).toEqual(expect.arrayContaining(['tsf', 'promotion', 'model:demo']));
    expect(new Set(grafana.requests.map((r) => r.authorization))).toEqual(new Set(['Bearer glsa_test']));
  });

  it('exits 2 with usage when the url or token is missing', async () => {
    await expect(promisify(execFile)('node', [TSF, 'grafana', 'push', '--url', grafanaUrl])).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--token') });
  });
});
