import { Client } from 'pg';
import { E2eFixture, type RunningApi } from '../support/e2e-fixture';
import { call, createKey, tsf } from './support/api-harness';
import { T0 } from './support/series-data';

const RATE = 2;
const BURST = 6;

/** Reads need a key here (TSF_API_REQUIRE_READ_KEY) and each key may make RATE requests/s with bursts of BURST. */
describe('api keys, scopes and rate limits', () => {
  const fixture = new E2eFixture();
  let databaseUrl: string;
  let api: RunningApi;

  const createWithCli = async (name: string, scopes: string) => {
    const created = await tsf(databaseUrl, 'keys', 'create', '--name', name, '--scopes', scopes);
    expect(created.code).toBe(0);
    return created.stdout.trim();
  };

  beforeAll(async () => {
    databaseUrl = await fixture.createDatabase();
    api = await fixture.startApi({ env: { TSF_API_REQUIRE_READ_KEY: 'true', TSF_API_RATE_LIMIT: String(RATE), TSF_API_RATE_BURST: String(BURST) } });
  }, 180_000);

  afterAll(() => fixture.teardown());

  it('tsf keys create prints the key once and stores only a hash of its secret', async () => {
    const created = await tsf(databaseUrl, 'keys', 'create', '--name', 'grafana', '--scopes', 'read');
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^tsf_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toContain('shown only now');
    const [, id, secret] = /^tsf_([0-9a-f]{12})_(.+)$/.exec(key)!;
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query('SELECT * FROM api_keys WHERE id = $1', [id]);
      expect(rows).toHaveLength(1);
      expect(rows[0].scopes).toBe('{read}');
      expect(JSON.stringify(rows[0])).not.toContain(secret);
      expect(rows[0].secret_hash).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await db.end();
    }
    const listed = await tsf(databaseUrl, 'keys', 'list');
    expect(listed.stdout).toMatch(new RegExp(`${id}\\s+grafana\\s+read\\s`));
    expect(listed.stdout).not.toContain(secret);
  });

  it('tsf keys refuses bad usage with exit code 2, and an unknown key with 1', async () => {
    const [badScope, noName, unknown] = await Promise.all([
      tsf(databaseUrl, 'keys', 'create', '--name', 'x', '--scopes', 'read,root'),
      tsf(databaseUrl, 'keys', 'create', '--scopes', 'read'),
      tsf(databaseUrl, 'keys', 'revoke', '000000000000'),
    ]);
    expect(badScope).toMatchObject({ code: 2, stderr: expect.stringContaining('--scopes') });
    expect(noName).toMatchObject({ code: 2, stderr: expect.stringContaining('--name') });
    expect(unknown).toMatchObject({ code: 1, stderr: expect.stringContaining('no API key 000000000000') });
  });

  it('reads need a key with the read scope when the server requires it', async () => {
    const reader = await createKey(databaseUrl, 'reader', ['read']);
    const writer = await createKey(databaseUrl, 'writer', ['write']);
    expect((await call(api.url, 'GET', '/v1/series')).status).toBe(401);
    expect((await call(api.url, 'GET', '/v1/series', { key: writer })).body).toMatchObject({ status: 403, requiredScope: 'read' });
    expect((await call(api.url, 'GET', '/v1/series', { key: reader })).status).toBe(200);
    expect((await call(api.url, 'POST', '/v1/forecasts', { key: writer, body: { requests: [{ series: 'x' }] } })).status).toBe(403);
    const write = await call(api.url, 'POST', '/v1/series/a/points', { key: writer, body: { series: 'a', ts: T0, value: 1 } });
    expect(write.status).toBe(200);
  });

  it('health, metrics and docs stay open for probes and scrapers', async () => {
    for (const path of ['/health/live', '/health/ready', '/metrics', '/docs/openapi.json']) expect((await call(api.url, 'GET', path)).status).toBe(200);
  });

  it('a revoked key is refused by the running API at once (the revocation is announced by the database)', async () => {
    const key = await createWithCli('short-lived', 'read');
    expect((await call(api.url, 'GET', '/v1/models', { key })).status).toBe(200);
    const id = key.slice(4, 16);
    const revoked = await tsf(databaseUrl, 'keys', 'revoke', id);
    expect(revoked).toMatchObject({ code: 0, stderr: expect.stringContaining(`revoked API key ${id}`) });
    // the key is cached for TSF_API_KEY_CACHE_MS (60 s): only the revocation's notification explains a refusal now
    expect((await call(api.url, 'GET', '/v1/models', { key })).body).toMatchObject({ status: 401, detail: expect.stringContaining('revoked') });
    expect((await tsf(databaseUrl, 'keys', 'list')).stdout).toMatch(new RegExp(`${id}\\s+short-lived\\s+read\\s+\\S+\\s+\\S+\\s+\\d{4}-`));
    expect((await tsf(databaseUrl, 'keys', 'revoke', id)).stderr).toContain('already revoked');
  });

  it('each key has its own rate limit: beyond the burst 429 with Retry-After, other keys unaffected, then refilled', async () => {
    const busy = await createKey(databaseUrl, 'busy', ['read']);
    const quiet = await createKey(databaseUrl, 'quiet', ['read']);
    const replies = await Promise.all(Array.from({ length: 20 }, () => call(api.url, 'GET', '/v1/models', { key: busy })));
    const allowed = replies.filter((reply) => reply.status === 200).length;
    expect(allowed).toBeGreaterThanOrEqual(BURST);
    expect(allowed).toBeLessThanOrEqual(BURST + 2); // a refill or two while the 20 arrive
    const limited = replies.find((reply) => reply.status === 429)!;
    expect(limited.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await call(api.url, 'GET', '/v1/models', { key: quiet })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1000 / RATE + 100));
    expect((await call(api.url, 'GET', '/v1/models', { key: busy })).status).toBe(200);
  });
});
