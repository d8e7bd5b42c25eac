import { createMetricsRegistry } from '../metrics/metrics-registry';
import { type MetricsServer, serveMetrics } from '../metrics/metrics-server';
import { answers, HealthChecks } from './health-checks';
import { ProgressWatch } from './progress-watch';

const TIMEOUT_MS = 200;

describe('health endpoints beside /metrics', () => {
  let checks: HealthChecks;
  let server: MetricsServer;
  const get = async (path: string) => {
    const response = await fetch(`http://127.0.0.1:${server.port}${path}`);
    return { status: response.status, type: response.headers.get('content-type'), body: await response.json().catch(() => undefined) };
  };

  beforeEach(async () => {
    checks = new HealthChecks(TIMEOUT_MS);
    server = await serveMetrics(createMetricsRegistry('unit'), { port: 0, host: '127.0.0.1', health: checks });
  });

  afterEach(() => server.close());

  it('answers 200 in the terminus shape with no checks registered', async () => {
    expect(await get('/health/live')).toEqual({ status: 200, type: 'application/json; charset=utf-8', body: { status: 'ok', info: {}, error: {}, details: {} } });
    expect((await get('/health/ready')).status).toBe(200);
  });

  it('lists each check with its details, and answers 503 naming the one that is down', async () => {
    checks.addReadiness('database', answers(() => Promise.resolve()));
    checks.addReadiness('consumer', () => ({ ok: false, details: { reason: 'crashed', partitions: 0 } }));
    checks.addLiveness('loop', () => ({ ok: true, details: { sinceProgressMs: 3 } }));
    expect(await get('/health/ready')).toMatchObject({
      status: 503,
      body: {
        status: 'error',
        info: { database: { status: 'up' } },
        error: { consumer: { status: 'down', reason: 'crashed', partitions: 0 } },
        details: { database: { status: 'up' }, consumer: { status: 'down', reason: 'crashed', partitions: 0 } },
      },
    });
    // Liveness and readiness are separate lists: a dependency down does not make the process look dead.
    expect(await get('/health/live')).toMatchObject({ status: 200, body: { status: 'ok', info: { loop: { status: 'up', sinceProgressMs: 3 } }, error: {} } });
  });

  it('counts a check that throws, synchronously or not, as down with its message', async () => {
    checks.addReadiness('sync', () => {
      throw new Error('no connection');
    });
    checks.addReadiness('async', answers(() => Promise.reject(new Error('ECONNREFUSED 127.0.0.1:5432'))));
    expect(await get('/health/ready')).toMatchObject({
      status: 503,
      body: { error: { sync: { status: 'down', message: 'no connection' }, async: { status: 'down', message: 'ECONNREFUSED 127.0.0.1:5432' } } },
    });
  });

  it('counts a check that does not answer within the timeout as down, and serves /metrics meanwhile', async () => {
    let calls = 0;
    checks.addReadiness('hung', () => {
      calls += 1;
      return new Promise(() => undefined);
    });
    const ready = get('/health/ready');
    const metrics = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await ready).toMatchObject({ status: 503, body: { error: { hung: { status: 'down', message: `did not answer within ${TIMEOUT_MS} ms` } } } });
    // The hung call is awaited again by the next probe rather than started a second time.
    expect((await get('/health/ready')).status).toBe(503);
    expect(calls).toBe(1);
  });

  it('refuses a second check under a name already taken', () => {
    checks.addLiveness('loop', () => ({ ok: true }));
    expect(() => checks.addLiveness('loop', () => ({ ok: true }))).toThrow(/already registered/);
  });

  it('still answers 404 for other paths and methods', async () => {
    expect((await get('/health')).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${server.port}/health/ready`, { method: 'POST' })).status).toBe(404);
  });
});

describe('progress watch', () => {
  it('is live while the loop moves within the window, and not once it has stood still longer', () => {
    let now = 1_000;
    const watch = new ProgressWatch(500, () => now);
    now += 400;
    expect(watch.check()).toEqual({ ok: true, details: { sinceProgressMs: 400, windowMs: 500 } });
    watch.moved();
    now += 500;
    expect(watch.check().ok).toBe(true);
    now += 1;
    expect(watch.check()).toEqual({ ok: false, details: { sinceProgressMs: 501, windowMs: 500 } });
  });
});
