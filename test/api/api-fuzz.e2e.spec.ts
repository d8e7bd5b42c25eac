import { type BadRequest, badRequests, type OpenApiDocument, operationsOf, type Samples } from './support/bad-inputs';
import { E2eFixture, type RunningApi } from '../support/e2e-fixture';
import { call, createKey } from './support/api-harness';
import { pointsMessage, sine } from './support/series-data';

const SEED = 20;
const CONCURRENCY = 6;

const LSTM = { architecture: 'lstm', lookback: 8, horizon: 4, params: { layers: [4] } };

/** Valid values each bad request starts from; an operation with a body but no sample here fails the test (so new routes are fuzzed too). */
const SAMPLES: Samples = {
  pathParameters: { key: 'fuzz/a', name: 'fuzz-m', model: 'fuzz-m', id: '1', version: '1' },
  bodies: {
    'POST /v1/series/{key}/points': { ...pointsMessage('fuzz/a', [1, 2]), labels: { site: 'north' } },
    'PUT /v1/series/{key}': { frequency: '1h', timeZone: 'Europe/Berlin' },
    'POST /v1/forecasts': { requests: [{ series: 'fuzz/a', horizon: 4, model: 'fuzz-m', version: 1, quantiles: [0.1, 0.9] }] },
    'POST /v1/models': { name: 'fuzz-new', seriesKey: 'fuzz/a', ...LSTM, training: { epochs: 1 }, policy: { cron: '0 * * * *' } },
    'PUT /v1/models/{name}/policy': { cron: '0 * * * *', everyNPoints: 100, drift: { factor: 1.5, window: 3, metric: 'mae' }, promotion: { threshold: 0, metric: 'mae' }, maxAttempts: 3 },
    'POST /v1/training-jobs': { model: 'fuzz-job', definition: { seriesKey: 'fuzz/a', ...LSTM, policy: { everyNPoints: 100 } } },
    'PUT /v1/schedules/{model}': { cron: '0 * * * *', everyNPoints: 100 },
  },
};

interface Failure {
  request: string;
  status: number;
  contentType: string;
  body: string;
}

/** Sends one bad request; what breaks the rules (a 5xx the document does not list, an error that is not a problem) is a failure. */
async function check(baseUrl: string, request: BadRequest, key: string | undefined): Promise<Failure | undefined> {
  const response = await fetch(`${baseUrl}${request.url}`, {
    method: request.method,
    headers: { ...(request.body === undefined ? {} : { 'content-type': 'application/json' }), ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: request.body,
  });
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  const failure = { request: `${request.operation.id} ${key ? 'with' : 'without'} key: ${request.what}`, status: response.status, contentType, body: text.slice(0, 300) };
  if (response.status >= 500 && !request.operation.documentedServerErrors.includes(response.status)) return failure;
  if (response.status < 400) return undefined;
  if (!contentType.startsWith('application/problem+json')) return failure;
  const problem = JSON.parse(text) as { type?: unknown; title?: unknown; status?: unknown };
  return typeof problem.type === 'string' && typeof problem.title === 'string' && problem.status === response.status ? undefined : failure;
}

/** Runs `work` over `items` with at most `limit` at a time, in order of the list. */
async function inParallel<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]);
      }
    }),
  );
  return results;
}

/**
 * Every operation of the OpenAPI document the API serves, driven with generated bad inputs (support/bad-inputs.ts),
 * with a key holding every scope and without one. Bounded (a few thousand requests) and seeded.
 */
describe('api fuzz: every route in the OpenAPI document', () => {
  const fixture = new E2eFixture();
  let api: RunningApi;
  let key: string;

  beforeAll(async () => {
    key = await createKey(await fixture.createDatabase(), 'fuzz', ['read', 'write', 'admin']);
    // No rate limit in the way: 429s would hide what the routes answer.
    api = await fixture.startApi({ env: { TSF_API_RATE_LIMIT: '1000000', TSF_API_RATE_BURST: '1000000' } });
    // Something for the valid parts of each request to find: a series, a model serving it, a job.
    expect((await call(api.url, 'POST', '/v1/series/fuzz%2Fa/points', { key, body: pointsMessage('fuzz/a', sine(48)) })).status).toBe(200);
    expect((await call(api.url, 'POST', '/v1/models', { key, body: { name: 'fuzz-m', seriesKey: 'fuzz/a', ...LSTM } })).status).toBe(201);
    expect((await call(api.url, 'POST', '/v1/training-jobs', { key, body: { model: 'fuzz-m' } })).status).toBe(201);
  }, 180_000);

  afterAll(() => fixture.teardown());

  it('answers no 5xx it does not document, every error as problem+json with type, title and status, and stays alive', async () => {
    const document = (await call<OpenApiDocument>(api.url, 'GET', '/docs/openapi.json')).body;
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(20);
    const requests = operations.flatMap((operation, index) => badRequests(operation, SAMPLES, SEED + index));
    // With the key every case; without one the URL cases (a write without a key stops at 401 before its body is read).
    const sends = [...requests.map((request) => ({ request, key })), ...requests.filter((request) => !request.what.startsWith('body')).map((request) => ({ request, key: undefined }))];

    const started = Date.now();
    const failures = (await inParallel(sends, CONCURRENCY, ({ request, key: sentKey }) => check(api.url, request, sentKey))).filter(Boolean);
    process.stdout.write(`api fuzz: ${sends.length} requests over ${operations.length} operations in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

    expect(failures.slice(0, 20)).toEqual([]);
    expect(api.app.child.exitCode).toBeNull();
    expect((await call(api.url, 'GET', '/health/live')).status).toBe(200);
  }, 600_000);
});
