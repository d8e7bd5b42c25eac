import { connect } from 'node:net';
import { E2eFixture, type RunningApi } from '../support/e2e-fixture';
import { call, createKey } from './support/api-harness';
import { pointsMessage, sine } from './support/series-data';

const LSTM = { architecture: 'lstm', lookback: 8, horizon: 4, params: { layers: [4] } };

/**
 * Writes `request` as raw bytes and reads the answer until the server closes the connection. A reset after a whole
 * answer (head and the body its Content-Length announces) still yields that answer, as curl would show it.
 */
function rawRequest(url: string, request: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(request));
    const chunks: Buffer[] = [];
    const answer = () => Buffer.concat(chunks).toString('utf8');
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (error) => (isWholeAnswer(answer()) ? resolve(answer()) : reject(error)));
    socket.on('close', () => resolve(answer()));
  });
}

function isWholeAnswer(answer: string): boolean {
  const end = answer.indexOf('\r\n\r\n');
  const length = /content-length: (\d+)/i.exec(answer.slice(0, end))?.[1];
  return end >= 0 && length !== undefined && Buffer.byteLength(answer.slice(end + 4)) >= Number(length);
}

/** Status, media type and body of a raw HTTP answer. */
function parseRaw(answer: string) {
  const [head, body] = answer.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), contentType: /content-type: ([^\r\n]+)/i.exec(head)?.[1], body: JSON.parse(body) as Record<string, unknown> };
}

describe('strict input: what Node, Fastify and the contracts refuse', () => {
  const fixture = new E2eFixture();
  let api: RunningApi;
  let key: string;
  const send = (method: string, path: string, body?: unknown) => call(api.url, method, path, { key, body });

  beforeAll(async () => {
    key = await createKey(await fixture.createDatabase(), 'strict', ['read', 'write', 'admin']);
    api = await fixture.startApi({ env: { TSF_MIN_CRON_INTERVAL_SECONDS: '300' } });
    expect((await send('POST', '/v1/series/s%2Fa/points', pointsMessage('s/a', sine(24)))).status).toBe(200);
    expect((await send('POST', '/v1/models', { name: 'strict-m', seriesKey: 's/a', ...LSTM })).status).toBe(201);
    expect((await send('POST', '/v1/training-jobs', { model: 'strict-m' })).status).toBe(201);
  }, 180_000);

  afterAll(() => fixture.teardown());

  it('a 60 kB URL is 431 and a malformed request 400, both problem+json from the HTTP parser', async () => {
    const long = parseRaw(await rawRequest(api.url, `GET /v1/series/${'a'.repeat(60_000)} HTTP/1.1\r\nHost: x\r\n\r\n`));
    expect(long).toMatchObject({ status: 431, contentType: 'application/problem+json', body: { type: 'about:blank', status: 431, title: 'Request Header Fields Too Large' } });
    const malformed = parseRaw(await rawRequest(api.url, 'GET /v1/series HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n'));
    expect(malformed).toMatchObject({ status: 400, contentType: 'application/problem+json', body: { status: 400, title: 'Bad Request' } });
    expect((await call(api.url, 'GET', '/health/live')).status).toBe(200);
  });

  it('a path parameter over the router limit is 414, an unknown route 404, a bad percent-encoding 400: all problem+json', async () => {
    for (const [path, status] of [[`/v1/series/${'a'.repeat(5000)}`, 414], ['/v1/nowhere', 404], ['/v1/series/%zz', 400]] as const) {
      const reply = await send('GET', path);
      expect(reply).toMatchObject({ status, body: { status } });
      expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  it.each(['1e0', '0x1', '%201', '01', '+1', '1.0', '-1'])('integer path parameters are strictly decimal: job %s is 400, not job 1', async (id) => {
    expect((await send('GET', `/v1/training-jobs/${id}`)).body).toMatchObject({ status: 400, errors: [{ field: 'id', message: expect.stringContaining('decimal integer') }] });
    expect((await send('POST', `/v1/training-jobs/${id}/cancel`)).status).toBe(400);
    expect((await send('GET', `/v1/models/strict-m/versions/${id}`)).body).toMatchObject({ status: 400, errors: [{ field: 'version' }] });
  });

  it('query integers are strictly decimal too, and job 1 is still job 1', async () => {
    expect((await send('GET', '/v1/training-jobs/1')).body).toMatchObject({ id: 1 });
    expect((await send('GET', '/v1/series?limit=1e1')).body).toMatchObject({ status: 400, errors: [{ field: 'limit' }] });
    expect((await send('GET', '/v1/series/s%2Fa/forecast?horizon=0x10')).body).toMatchObject({ status: 400, errors: [{ field: 'horizon' }] });
  });

  it('a query parameter given twice is 400 naming it; a label filter may repeat', async () => {
    const reply = await send('GET', '/v1/series?limit=1&limit=2');
    expect(reply.body).toMatchObject({ status: 400, errors: [{ field: 'limit', message: 'given more than once; give it once' }] });
    expect((await send('GET', '/v1/training-jobs?status=queued&status=failed')).body).toMatchObject({ status: 400, errors: [{ field: 'status' }] });
    expect((await send('GET', '/v1/series?label=a:1&label=b:2')).status).toBe(200);
  });

  it('an impossible calendar date is 400, not the next month', async () => {
    expect((await send('GET', '/v1/series/s%2Fa/points?from=2021-02-30T00:00:00Z')).body).toMatchObject({ status: 400, errors: [{ field: 'from' }] });
    expect((await send('GET', '/v1/models/strict-m/accuracy?to=2021-04-31T00:00:00Z')).body).toMatchObject({ status: 400, errors: [{ field: 'to' }] });
    expect((await send('POST', '/v1/series/s%2Fa/points', { series: 's/a', ts: '2021-02-30T00:00:00Z', value: 1 })).status).toBe(422);
    expect((await send('GET', '/v1/models/strict-m/accuracy?from=2021-02-28T00:00:00Z&to=1735689600000')).status).toBe(200);
  });

  it('NUL and lone surrogates in stored strings are 400 naming the field, never 500', async () => {
    const cases: [unknown, string][] = [
      [{ name: 'nul-selector', selector: { site: 'a\u0000b' }, ...LSTM }, 'selector.site'],
      [{ name: 'nul-params', seriesKey: 's/a', ...LSTM, params: { layers: [4], ['k\ud800']: 1 } }, 'params.k\ud800'],
      [{ name: 'nul-arch', seriesKey: 's/a', ...LSTM, architecture: 'lstm\u0000' }, 'architecture'],
      [{ name: 'nul-cron', seriesKey: 's/a', ...LSTM, policy: { cron: '0 * * * *\u0000' } }, 'policy.cron'],
    ];
    for (const [body, field] of cases) expect((await send('POST', '/v1/models', body)).body).toMatchObject({ status: 400, errors: expect.arrayContaining([expect.objectContaining({ field })]) });
    expect((await send('GET', '/v1/series?label=site:a%00b')).body).toMatchObject({ status: 400, errors: expect.arrayContaining([expect.objectContaining({ field: 'label.0' })]) });
  });

  it('a cron firing more often than TSF_MIN_CRON_INTERVAL_SECONDS is 422 naming the limit, wherever a policy is written', async () => {
    const limit = { status: 422, limit: 'TSF_MIN_CRON_INTERVAL_SECONDS', minimumSeconds: 300 };
    expect((await send('PUT', '/v1/schedules/strict-m', { cron: '* * * * * *' })).body).toMatchObject({ ...limit, intervalSeconds: 1, errors: [{ field: 'cron' }] });
    expect((await send('PUT', '/v1/schedules/strict-m', { cron: '*/2 * * * *' })).body).toMatchObject({ ...limit, intervalSeconds: 120 });
    expect((await send('PUT', '/v1/models/strict-m/policy', { cron: '0,1 * * * *' })).body).toMatchObject({ ...limit, intervalSeconds: 60 });
    const model = { seriesKey: 's/a', ...LSTM, policy: { cron: '*/10 * * * * *' } };
    expect((await send('POST', '/v1/models', { name: 'fast-cron', ...model })).body).toMatchObject({ ...limit, errors: [{ field: 'policy.cron' }] });
    expect((await send('POST', '/v1/training-jobs', { model: 'fast-cron', definition: model })).body).toMatchObject({ ...limit, errors: [{ field: 'definition.policy.cron' }] });
    expect((await send('PUT', '/v1/schedules/strict-m', { cron: '*/5 * * * *' })).body).toMatchObject({ cron: '*/5 * * * *' });
  });

  it('the OpenAPI document lists each operation\'s security once', async () => {
    const document = (await call(api.url, 'GET', '/docs/openapi.json')).body as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    const security = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => [`${method} ${path}`, operation.security]));
    const expected = [{ bearer: [] }, { apiKey: [] }];
    for (const [operation, requirements] of security) {
      if (String(operation).includes('/health') || String(operation).includes('/metrics')) expect([operation, requirements]).toEqual([operation, undefined]);
      else expect([operation, requirements]).toEqual([operation, expected]);
    }
  });
});
