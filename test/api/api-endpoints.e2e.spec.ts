import { createPrismaClient, type PrismaClient } from '@tsf/db';
import { initBackend } from '@tsf/forecasting';
import { JobQueue } from '@tsf/registry';
import { Pool } from 'pg';
import { registerTrainedVersion } from '../../tools/bench/api/src/model-fixture';
import { E2eFixture, type RunningApi } from '../support/e2e-fixture';
import { call, createKey } from './support/api-harness';
import { HOUR, pointsMessage, sine, T0 } from './support/series-data';

const LSTM = { architecture: 'lstm', lookback: 24, horizon: 12, params: { layers: [8] } };
const iso = (ms: number) => new Date(ms).toISOString();

describe('api endpoints over HTTP', () => {
  const fixture = new E2eFixture();
  let databaseUrl: string;
  let api: RunningApi;
  let prisma: PrismaClient;
  let keys: { read: string; write: string; admin: string };
  const get = (path: string, key?: string) => call(api.url, 'GET', path, { key });
  const post = (path: string, body?: unknown, key = keys.write) => call(api.url, 'POST', path, { key, body });
  const put = (path: string, body: unknown, key = keys.write) => call(api.url, 'PUT', path, { key, body });
  const trainVersion = async (modelName: string, values: number[], promote: boolean, seed = 1) =>
    registerTrainedVersion(prisma, await prisma.model.findUniqueOrThrow({ where: { name: modelName } }), values, { promote, seed });

  beforeAll(async () => {
    databaseUrl = await fixture.createDatabase();
    prisma = fixture.own(createPrismaClient(databaseUrl), (client) => client.$disconnect());
    keys = {
      read: await createKey(databaseUrl, 'reader', ['read']),
      write: await createKey(databaseUrl, 'writer', ['read', 'write']),
      admin: await createKey(databaseUrl, 'admin', ['admin']),
    };
    [api] = await Promise.all([fixture.startApi(), initBackend('wasm')]);
  }, 180_000);

  afterAll(() => fixture.teardown());

  describe('series and points', () => {
    it('POST points stores them through the ingestion contract and answers with what changed', async () => {
      const reply = await post('/v1/series/t%2Fsine/points', pointsMessage('t/sine', sine(200), { site: 'north', kind: 'sine' }));
      expect(reply).toMatchObject({ status: 200, body: { series: 't/sine', points: 200, firstTs: T0, lastTs: T0 + 199 * HOUR } });
      await post('/v1/series/t%2Fother/points', { series: 't/other', ts: iso(T0), value: 1, labels: { site: 'south', kind: 'sine' } });
      await post('/v1/series/u%2Fthird/points', { series: 'u/third', ts: T0, value: 2, labels: { site: 'north' } });
    });

    it('POST points needs a key with the write scope: none 401, a read key 403', async () => {
      const body = { series: 't/sine', ts: T0, value: 1 };
      const anonymous = await call(api.url, 'POST', '/v1/series/t%2Fsine/points', { body });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
      expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect((await post('/v1/series/t%2Fsine/points', body, keys.read)).body).toMatchObject({ status: 403, requiredScope: 'write' });
      expect((await post('/v1/series/t%2Fsine/points', body, 'tsf_000000000000_' + 'a'.repeat(43))).status).toBe(401);
      expect((await post('/v1/series/t%2Fsine/points', body, 'not-a-key')).status).toBe(401);
    });

    it.each([
      ['a non-finite value', `{"series":"t/sine","points":[[${T0},1e999]]}`, 'points.0.1'],
      ['an unknown field', JSON.stringify({ series: 't/sine', ts: T0, value: 1, extra: true }), 'extra'],
      ['a timestamp outside 1900..2200', JSON.stringify({ series: 't/sine', ts: 99e12, value: 1 }), 'ts'],
      ['a body for another series', JSON.stringify({ series: 't/other', ts: T0, value: 1 }), 'series'],
    ])('POST points with %s is 422 naming the field', async (_what, raw, field) => {
      const reply = await call(api.url, 'POST', '/v1/series/t%2Fsine/points', { key: keys.write, raw });
      expect(reply.status).toBe(422);
      expect(reply.body.errors).toEqual([expect.objectContaining({ field })]);
    });

    it('malformed JSON is 400, another media type 415, a body over the limit 413: all problem+json', async () => {
      const malformed = await call(api.url, 'POST', '/v1/series/t%2Fsine/points', { key: keys.write, raw: '{"series": "t/sine",' });
      expect(malformed.body).toMatchObject({ status: 400, title: 'Malformed JSON' });
      const text = await call(api.url, 'POST', '/v1/series/t%2Fsine/points', { key: keys.write, raw: 'ts=1', contentType: 'text/plain' });
      expect(text.body).toMatchObject({ status: 415 });
      const huge = await call(api.url, 'POST', '/v1/series/t%2Fsine/points', { key: keys.write, raw: JSON.stringify({ series: 't/sine', points: [], pad: 'x'.repeat(1_100_000) }) });
      expect(huge.body).toMatchObject({ status: 413, title: 'Payload Too Large' });
      for (const reply of [malformed, text, huge]) expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it('lists series filtered by labels and key prefix, in key order, paged with a cursor', async () => {
      expect((await get('/v1/series')).body.items.map((s: { key: string }) => s.key)).toEqual(['t/other', 't/sine', 'u/third']);
      expect((await get('/v1/series?label=site:north')).body.items.map((s: { key: string }) => s.key)).toEqual(['t/sine', 'u/third']);
      expect((await get('/v1/series?label=site:north&label=kind:sine')).body.items.map((s: { key: string }) => s.key)).toEqual(['t/sine']);
      expect((await get('/v1/series?prefix=t/')).body.items.map((s: { key: string }) => s.key)).toEqual(['t/other', 't/sine']);
      const first = await get('/v1/series?limit=2');
      expect(first.body).toMatchObject({ items: [{ key: 't/other' }, { key: 't/sine', labels: { site: 'north', kind: 'sine' } }], next: 't/sine' });
      expect((await get(`/v1/series?limit=2&cursor=${encodeURIComponent(first.body.next)}`)).body).toMatchObject({ items: [{ key: 'u/third' }], next: null });
    });

    it('list parameters are validated with the field named', async () => {
      for (const [query, field] of [['limit=0', 'limit'], ['label=nocolon', 'label.0'], ['bogus=1', 'bogus'], ['prefix=a%20b', 'prefix']]) {
        const reply = await get(`/v1/series?${query}`);
        expect(reply.status).toBe(400);
        expect(reply.body.errors[0].field).toBe(field);
      }
    });

    it('one series: labels, point count and time range; unknown 404, invalid key 400', async () => {
      expect((await get('/v1/series/t%2Fsine')).body).toMatchObject({ key: 't/sine', points: 200, firstTs: iso(T0), lastTs: iso(T0 + 199 * HOUR) });
      expect((await get('/v1/series/t%2Fnone')).body).toMatchObject({ status: 404, title: 'Series not found' });
      expect((await get('/v1/series/%20bad')).body).toMatchObject({ status: 400, errors: [{ field: 'key' }] });
    });

    it('points in [from, to), paged by limit with next', async () => {
      const page = await get(`/v1/series/t%2Fsine/points?from=${iso(T0 + 10 * HOUR)}&to=${T0 + 20 * HOUR}&limit=4`);
      expect(page.body.points.map((p: { ts: string }) => p.ts)).toEqual([10, 11, 12, 13].map((h) => iso(T0 + h * HOUR)));
      expect(page.body.next).toBe(iso(T0 + 14 * HOUR));
      const rest = await get(`/v1/series/t%2Fsine/points?from=${page.body.next}&to=${T0 + 20 * HOUR}`);
      expect(rest.body).toMatchObject({ next: null, step: null, aggregate: null });
      expect(rest.body.points).toHaveLength(6);
    });

    it('downsamples into epoch-aligned buckets with each aggregate', async () => {
      const values = sine(200);
      const bucket = values.slice(24, 30);
      const expected = {
        avg: bucket.reduce((a, b) => a + b) / 6,
        min: Math.min(...bucket),
        max: Math.max(...bucket),
        sum: bucket.reduce((a, b) => a + b),
        count: 6,
        first: bucket[0],
        last: bucket[5],
      };
      for (const [aggregate, value] of Object.entries(expected)) {
        const reply = await get(`/v1/series/t%2Fsine/points?from=${T0 + 24 * HOUR}&to=${T0 + 36 * HOUR}&step=6h&aggregate=${aggregate}`);
        expect(reply.body).toMatchObject({ step: 6 * HOUR, aggregate });
        expect(reply.body.points).toHaveLength(2);
        expect(reply.body.points[0].ts).toBe(iso(T0 + 24 * HOUR));
        expect(reply.body.points[0].value).toBeCloseTo(value, 9);
      }
      expect((await get('/v1/series/t%2Fsine/points?step=1d')).body).toMatchObject({ aggregate: 'avg', points: expect.any(Array) });
    });

    it.each([
      ['step=fortnight', 'step'],
      ['step=0', 'step'],
      ['aggregate=max', 'aggregate'],
      ['aggregate=median&step=1h', 'aggregate'],
      [`from=${T0 + HOUR}&to=${T0}`, 'to'],
      ['from=yesterday', 'from'],
      ['limit=100001', 'limit'],
    ])('points with %s is 400 naming %s', async (query, field) => {
      const reply = await get(`/v1/series/t%2Fsine/points?${query}`);
      expect(reply.status).toBe(400);
      expect(reply.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });
  });

  describe('inputs reach SQL only as bound parameters', () => {
    const injections = ["x'; DROP TABLE series; --", 'a" OR "1"="1', "'); DELETE FROM points; --", '$1::text', 'robert\\'];

    it('injection strings as series keys are refused as invalid keys, and nothing is dropped', async () => {
      for (const key of injections) {
        for (const path of [`/v1/series/${encodeURIComponent(key)}`, `/v1/series/${encodeURIComponent(key)}/forecast`, `/v1/series?cursor=${encodeURIComponent(key)}`]) {
          expect((await get(path)).status).toBe(400);
        }
        expect((await post(`/v1/series/${encodeURIComponent(key)}/points`, { series: key, ts: T0, value: 1 })).status).toBe(400);
      }
      expect(await prisma.series.count()).toBe(3);
      expect(await prisma.point.count()).toBe(202);
    });

    it('injection strings as label names and values are stored verbatim and found by the same strings', async () => {
      // a filter is name:value split at the first colon, so names with a colon are given values only
      const labels = Object.fromEntries(injections.map((text, i) => [text.includes(':') ? `l${i}` : text, text]));
      await post('/v1/series/inj%2Fa/points', { series: 'inj/a', ts: T0, value: 1, labels });
      expect((await get('/v1/series/inj%2Fa')).body.labels).toEqual(labels);
      for (const [name, value] of Object.entries(labels)) {
        const found = await get(`/v1/series?label=${encodeURIComponent(`${name}:${value}`)}`);
        expect(found.body.items.map((s: { key: string }) => s.key)).toEqual(['inj/a']);
      }
      expect((await get(`/v1/series?label=${encodeURIComponent("l0:x' OR '1'='1")}`)).body.items).toEqual([]);
      expect(await prisma.series.count()).toBe(4);
    });

    it('a value the database cannot store (NUL in a label) is 422, not 500', async () => {
      const reply = await post('/v1/series/inj%2Fnul/points', { series: 'inj/nul', ts: T0, value: 1, labels: { a: 'x\u0000y' } });
      expect(reply.body).toMatchObject({ status: 422 });
    });
  });

  describe('models, versions, promotion', () => {
    it('creates a model (write scope): 201; the same name again 409; bad hyperparameters 422 naming the field', async () => {
      const created = await post('/v1/models', { name: 'm-sine', seriesKey: 't/sine', ...LSTM });
      expect(created).toMatchObject({ status: 201, body: { name: 'm-sine', seriesKey: 't/sine', lookback: 24, horizon: 12 } });
      expect((await post('/v1/models', { name: 'm-sine', seriesKey: 't/sine', ...LSTM })).status).toBe(409);
      const bad = await post('/v1/models', { name: 'm-bad', seriesKey: 't/sine', ...LSTM, params: { layers: [0] } });
      expect(bad.body).toMatchObject({ status: 422, errors: [{ field: 'params.layers.0' }] });
      expect((await post('/v1/models', { name: 'm-arch', seriesKey: 't/sine', ...LSTM, architecture: 'prophet' })).status).toBe(422);
      expect((await post('/v1/models', { name: 'm-both', ...LSTM })).status).toBe(422);
      expect((await post('/v1/models', { name: 'bad name', seriesKey: 't/sine', ...LSTM })).body).toMatchObject({ status: 400, errors: [{ field: 'name' }] });
      expect((await post('/v1/models', { name: 'm-x', seriesKey: 't/sine', ...LSTM }, keys.read)).status).toBe(403);
    });

    it('lists and gets models with their production version; 404 for an unknown one', async () => {
      await post('/v1/models', { name: 'm-global', selector: { site: 'south' }, ...LSTM });
      expect((await get('/v1/models')).body.items.map((m: { name: string }) => m.name)).toEqual(['m-global', 'm-sine']);
      expect((await get('/v1/models?series=t%2Fother')).body.items.map((m: { name: string }) => m.name)).toEqual(['m-global']);
      expect((await get('/v1/models/m-sine')).body).toMatchObject({ name: 'm-sine', production: null });
      expect((await get('/v1/models/m-none')).body).toMatchObject({ status: 404, title: 'Model not found' });
    });

    it('forecasts are 404 without a model, and without a production version', async () => {
      expect((await get('/v1/series/u%2Fthird/forecast')).body).toMatchObject({ status: 404, title: 'Model not found' });
      expect((await get('/v1/series/t%2Fsine/forecast')).body).toMatchObject({ status: 404, title: 'Version not found' });
    });

    it('versions list and get with metrics and lineage', async () => {
      await trainVersion('m-sine', sine(200), true, 1);
      await trainVersion('m-sine', sine(200, 3), false, 2);
      const versions = await get('/v1/models/m-sine/versions');
      expect(versions.body.items.map((v: { version: number; stage: string }) => [v.version, v.stage])).toEqual([[2, 'candidate'], [1, 'production']]);
      const one = await get('/v1/models/m-sine/versions/1');
      expect(one.body).toMatchObject({ version: 1, stage: 'production', metrics: { holdout: { rmse: expect.any(Number) } }, lineage: { pointCount: 188 } });
      expect(one.body).not.toHaveProperty('artifact');
      expect((await get('/v1/models/m-sine/versions/9')).status).toBe(404);
      expect((await get('/v1/models/m-sine/versions/x')).body).toMatchObject({ status: 400, errors: [{ field: 'version' }] });
      expect((await get('/v1/models/m-sine')).body).toMatchObject({ production: { version: 1 } });
    });

    it('promote and rollback need the admin scope; they change what forecasts are served from', async () => {
      expect((await post('/v1/models/m-sine/versions/2/promote', undefined, keys.write)).status).toBe(403);
      expect((await post('/v1/models/m-sine/versions/2/promote', undefined, keys.admin)).body).toMatchObject({ version: 2, stage: 'production' });
      expect((await get('/v1/series/t%2Fsine/forecast')).body.version).toBe(2);
      expect((await post('/v1/models/m-sine/rollback', undefined, keys.admin)).body).toMatchObject({ version: 1, stage: 'production' });
      expect((await get('/v1/series/t%2Fsine/forecast')).body.version).toBe(1);
      expect((await get('/v1/models/m-sine/promotions')).body.items.map((p: { reason: string }) => p.reason)).toEqual(['rollback', 'manual', 'manual']);
      expect((await post('/v1/models/m-sine/versions/9/promote', undefined, keys.admin)).status).toBe(404);
      await post('/v1/models', { name: 'm-once', seriesKey: 'u/third', ...LSTM });
      await trainVersion('m-once', sine(200), true);
      expect((await post('/v1/models/m-once/rollback', undefined, keys.admin)).body).toMatchObject({ status: 409, title: 'Promotion refused' });
    });

    it('accuracy over time lists the production forecasts scored against actuals, oldest first', async () => {
      expect((await get('/v1/models/m-sine/accuracy')).body).toEqual({ items: [] });
      const model = await prisma.model.findUniqueOrThrow({ where: { name: 'm-sine' }, include: { versions: true } });
      const series = await prisma.series.findUniqueOrThrow({ where: { key: 't/sine' } });
      for (const hours of [150, 100]) {
        await prisma.forecastEvaluation.create({
          data: { modelId: model.id, versionId: model.versions[0].id, seriesId: series.id, originTs: new Date(T0 + hours * HOUR), stepMs: HOUR, predicted: [1, 2], evaluatedAt: new Date(), matched: 2, mae: hours / 100, rmse: 1, smape: 2 },
        });
      }
      const all = await get('/v1/models/m-sine/accuracy');
      expect(all.body.items.map((p: { originTs: string; mae: number }) => [p.originTs, p.mae])).toEqual([[iso(T0 + 100 * HOUR), 1], [iso(T0 + 150 * HOUR), 1.5]]);
      expect((await get(`/v1/models/m-sine/accuracy?from=${iso(T0 + 120 * HOUR)}`)).body.items).toHaveLength(1);
      expect((await get('/v1/models/m-sine/accuracy?from=yesterday')).body).toMatchObject({ status: 400, errors: [{ field: 'from' }] });
      expect((await get('/v1/models/m-none/accuracy')).status).toBe(404);
    });

    it('policy updates need admin and are validated', async () => {
      const policy = { cron: '0 3 * * *', everyNPoints: 500, promotion: { threshold: 0.05, metric: 'rmse' }, maxAttempts: 2 };
      expect((await put('/v1/models/m-sine/policy', policy)).status).toBe(403);
      expect((await put('/v1/models/m-sine/policy', policy, keys.admin)).body).toMatchObject({ policy: { cron: '0 3 * * *', everyNPoints: 500 } });
      expect((await put('/v1/models/m-sine/policy', { ...policy, cron: 'every day' }, keys.admin)).body).toMatchObject({ status: 400, errors: [{ field: 'cron' }] });
      expect((await put('/v1/models/m-none/policy', policy, keys.admin)).status).toBe(404);
    });
  });

  describe('forecasts', () => {
    it('forecasts from the production version: horizon points on the series spacing, with a quantile band', async () => {
      const reply = await get('/v1/series/t%2Fsine/forecast?horizon=30&quantiles=0.1,0.9');
      expect(reply.body).toMatchObject({ series: 't/sine', model: 'm-sine', version: 1, backend: 'wasm', horizon: 30 });
      expect(reply.body.points).toHaveLength(30);
      expect(reply.body.points[0].ts).toBe(iso(T0 + 200 * HOUR));
      expect(reply.body.points[29].ts).toBe(iso(T0 + 229 * HOUR));
      expect(reply.body.quantileMethods).toEqual({ '0.1': 'normal-band', '0.9': 'normal-band' });
      expect(reply.headers.get('server-timing')).toMatch(/^resolve;dur=[\d.]+, model;dur=[\d.]+, history;dur=[\d.]+, predict;dur=[\d.]+$/);
      for (const point of reply.body.points) {
        expect(Number.isFinite(point.value)).toBe(true);
        expect(point.quantiles['0.1']).toBeLessThan(point.value);
        expect(point.quantiles['0.9']).toBeGreaterThan(point.value);
      }
    });

    it('a named version answers instead of the production one', async () => {
      expect((await get('/v1/series/t%2Fsine/forecast?version=2&horizon=3')).body).toMatchObject({ version: 2, points: [{}, {}, {}] });
      expect((await get('/v1/series/t%2Fsine/forecast?model=m-sine&version=7')).body).toMatchObject({ status: 404, title: 'Version not found' });
      expect((await get('/v1/series/t%2Fsine/forecast?model=m-none')).status).toBe(404);
    });

    it('a series shorter than the model needs is 422 with the minimum number of points', async () => {
      await trainVersion('m-global', sine(200), true);
      const reply = await get('/v1/series/t%2Fother/forecast');
      expect(reply.body).toMatchObject({ status: 422, title: 'Not enough history', minimumPoints: 24, availablePoints: 1 });
    });

    it.each([
      ['horizon=0', 'horizon'],
      ['horizon=1001', 'horizon'],
      ['horizon=2.5', 'horizon'],
      ['quantiles=0.5,1', 'quantiles.1'],
      ['quantiles=abc', 'quantiles.0'],
      ['version=-1', 'version'],
      ['model=a%20b', 'model'],
      ['color=red', 'color'],
    ])('forecast with %s is 400 naming %s', async (query, field) => {
      const reply = await get(`/v1/series/t%2Fsine/forecast?${query}`);
      expect(reply.status).toBe(400);
      expect(reply.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('POST /v1/forecasts answers each series on its own', async () => {
      const reply = await post('/v1/forecasts', {
        requests: [{ series: 't/sine', horizon: 5 }, { series: 'u/none' }, { series: 't/other' }, { series: 't/sine', version: 2, quantiles: [0.5] }],
      }, undefined);
      expect(reply.status).toBe(200);
      expect(reply.body.results.map((r: { series: string; status: number }) => [r.series, r.status])).toEqual([['t/sine', 200], ['u/none', 404], ['t/other', 422], ['t/sine', 200]]);
      expect(reply.body.results[0].forecast.points).toHaveLength(5);
      expect(reply.body.results[2].problem).toMatchObject({ minimumPoints: 24 });
      expect(reply.body.results[3].forecast).toMatchObject({ version: 2, points: expect.arrayContaining([expect.objectContaining({ quantiles: { '0.5': expect.any(Number) } })]) });
    });

    it('POST /v1/forecasts validates every request, naming the field', async () => {
      expect((await post('/v1/forecasts', { requests: [] })).body).toMatchObject({ status: 400, errors: [{ field: 'requests' }] });
      const many = Array.from({ length: 101 }, () => ({ series: 't/sine' }));
      expect((await post('/v1/forecasts', { requests: many })).body).toMatchObject({ status: 400, errors: [{ field: 'requests' }] });
      expect((await post('/v1/forecasts', { requests: [{ series: 't/sine', horizon: 0 }] })).body).toMatchObject({ errors: [{ field: 'requests.0.horizon' }] });
      expect((await post('/v1/forecasts', { requests: [{ series: 't/sine', extra: 1 }] })).body).toMatchObject({ errors: [{ field: 'requests.0.extra' }] });
    });
  });

  describe('training jobs and schedules', () => {
    it('create (write scope) with a definition creates the model; list, get and cancel a queued job', async () => {
      const definition = { seriesKey: 't/sine', ...LSTM };
      expect((await post('/v1/training-jobs', { model: 'm-new', definition }, keys.read)).status).toBe(403);
      const job = await post('/v1/training-jobs', { model: 'm-new', definition });
      expect(job).toMatchObject({ status: 201, body: { status: 'queued', reason: 'manual' } });
      expect((await get('/v1/models/m-new')).status).toBe(200);
      expect((await post('/v1/training-jobs', { model: 'm-new', definition })).status).toBe(201);
      expect((await post('/v1/training-jobs', { model: 'm-missing' })).body).toMatchObject({ status: 404, title: 'Model not found' });
      const listed = await get('/v1/training-jobs?model=m-new&status=queued');
      expect(listed.body.items).toHaveLength(2);
      expect((await get(`/v1/training-jobs/${job.body.id}`)).body).toMatchObject({ id: job.body.id, status: 'queued' });
      expect((await post(`/v1/training-jobs/${job.body.id}/cancel`, undefined, keys.read)).status).toBe(403);
      expect((await post(`/v1/training-jobs/${job.body.id}/cancel`)).body).toMatchObject({ status: 'cancelled', cancelRequested: true });
      expect((await get('/v1/training-jobs?status=cancelled')).body.items.map((j: { id: number }) => j.id)).toEqual([job.body.id]);
    });

    it('lists jobs newest first in keyset pages: following `next` visits each job once, in order, and stops at null', async () => {
      for (let i = 0; i < 3; i++) await post('/v1/training-jobs', { model: 'm-sine' });
      const all = (await get('/v1/training-jobs')).body;
      expect(all.next).toBeNull();
      const ids = all.items.map((j: { id: number }) => j.id);
      expect(ids).toHaveLength(5);
      expect([...ids].sort((a, b) => b - a)).toEqual(ids);
      const paged: number[] = [];
      let page = (await get('/v1/training-jobs?limit=2')).body;
      for (;;) {
        paged.push(...page.items.map((j: { id: number }) => j.id));
        if (page.next === null) break;
        expect(page.items).toHaveLength(2);
        page = (await get(`/v1/training-jobs?limit=2&cursor=${encodeURIComponent(page.next)}`)).body;
      }
      expect(paged).toEqual(ids);
      const filtered = (await get('/v1/training-jobs?model=m-sine&limit=2')).body;
      expect((await get(`/v1/training-jobs?model=m-sine&limit=2&cursor=${encodeURIComponent(filtered.next)}`)).body).toMatchObject({ items: [{ modelId: filtered.items[0].modelId }], next: null });
    });

    it('a job cursor that is not one is 400 naming the cursor', async () => {
      for (const cursor of ['abc', encodeURIComponent(Buffer.from('{"id":"1"}').toString('base64url')), "x'; DROP TABLE training_jobs; --"]) {
        expect((await get(`/v1/training-jobs?cursor=${cursor}`)).body).toMatchObject({ status: 400, errors: [{ field: 'cursor' }] });
      }
    });

    it('a running job shows its progress, and cancel asks it to stop at the next epoch', async () => {
      const pool = new Pool({ connectionString: databaseUrl });
      try {
        const queue = new JobQueue(prisma, pool);
        const claimed = await queue.claim('test-worker', 60_000);
        expect(claimed).not.toBeNull();
        await queue.heartbeat(claimed!.id, 'test-worker', 60_000, { phase: 'training', epoch: 3, epochs: 10, loss: 0.25, etaMs: 7000 });
        expect((await get(`/v1/training-jobs/${claimed!.id}`)).body).toMatchObject({ status: 'running', progress: { phase: 'training', epoch: 3, epochs: 10, etaMs: 7000 } });
        expect((await post(`/v1/training-jobs/${claimed!.id}/cancel`)).body).toMatchObject({ status: 'running', cancelRequested: true });
        expect(await queue.heartbeat(claimed!.id, 'test-worker', 60_000)).toBe('cancel');
      } finally {
        await pool.end();
      }
    });

    it('job ids and filters are validated; an unknown job is 404', async () => {
      expect((await get('/v1/training-jobs/99999')).body).toMatchObject({ status: 404, title: 'Job not found' });
      expect((await post('/v1/training-jobs/99999/cancel')).status).toBe(404);
      expect((await get('/v1/training-jobs/abc')).body).toMatchObject({ status: 400, errors: [{ field: 'id' }] });
      expect((await get('/v1/training-jobs?status=done')).body).toMatchObject({ status: 400, errors: [{ field: 'status' }] });
      expect((await post('/v1/training-jobs', { model: 'm-new', definition: { seriesKey: 't/sine' } })).status).toBe(400);
    });

    it('schedules: read all and one; update cron and every-N-points, null turns one off', async () => {
      expect((await get('/v1/schedules')).body.items.map((s: { model: string }) => s.model)).toEqual(['m-global', 'm-new', 'm-once', 'm-sine']);
      expect((await get('/v1/schedules/m-sine')).body).toMatchObject({ model: 'm-sine', cron: '0 3 * * *', everyNPoints: 500 });
      const updated = await put('/v1/schedules/m-new', { cron: '*/15 * * * *' });
      expect(updated.body).toMatchObject({ cron: '*/15 * * * *', everyNPoints: null });
      expect(new Date(updated.body.nextRetrainAt).getTime()).toBeGreaterThan(Date.now());
      expect((await put('/v1/schedules/m-new', { cron: null, everyNPoints: 100 })).body).toMatchObject({ cron: null, everyNPoints: 100, nextRetrainAt: null });
      expect((await get('/v1/models/m-new')).body.policy).toMatchObject({ everyNPoints: 100 });
      expect((await put('/v1/schedules/m-new', { cron: '61 * * * *' })).body).toMatchObject({ status: 400, errors: [{ field: 'cron' }] });
      expect((await put('/v1/schedules/m-new', {})).status).toBe(400);
      expect((await put('/v1/schedules/m-none', { cron: null })).status).toBe(404);
      expect((await get('/v1/schedules/m-none')).status).toBe(404);
      expect((await put('/v1/schedules/m-new', { cron: null }, keys.read)).status).toBe(403);
    });
  });

  describe('operations and documentation', () => {
    it('health: live, and ready with the database and its notifications', async () => {
      expect((await get('/health/live')).body).toMatchObject({ status: 'ok' });
      const ready = await get('/health/ready');
      expect(ready).toMatchObject({ status: 200, body: { status: 'ok', info: { database: { status: 'up' }, notifications: { status: 'up' } } } });
      expect(ready.body.info).not.toHaveProperty('kafka');
    });

    it('/metrics exposes request latency by route, forecast latency and cache lookups for Prometheus', async () => {
      const metrics = await get('/metrics');
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
      const sample = (name: string, ...labels: string[]) => new RegExp(`^${name}\\{${labels.map((label) => `(?=[^}]*${label})`).join('')}[^}]*app="api"[^}]*\\} \\d+`, 'm');
      expect(metrics.body).toMatch(sample('tsf_api_http_request_duration_seconds_count', 'route="/v1/series/:key/forecast"', 'status="200"'));
      expect(metrics.body).toMatch(sample('tsf_api_forecast_duration_seconds_count', 'outcome="ok"'));
      expect(metrics.body).toMatch(sample('tsf_api_cache_lookups_total', 'cache="model"', 'result="hit"'));
      expect(metrics.body).toMatch(sample('tsf_api_predict_batch_size_count'));
      expect(metrics.body).toMatch(sample('process_resident_memory_bytes'));
    });

    it('/docs serves Swagger UI and an OpenAPI document of every route, with the validated schemas', async () => {
      expect((await get('/docs')).body).toMatch(/swagger-ui/i);
      const { body: document } = await get('/docs/openapi.json');
      const operations = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
      expect(operations.sort()).toEqual(
        [
          'GET /v1/series', 'GET /v1/series/{key}', 'PUT /v1/series/{key}', 'GET /v1/series/{key}/points', 'POST /v1/series/{key}/points', 'GET /v1/series/{key}/forecast', 'POST /v1/forecasts',
          'POST /v1/models', 'GET /v1/models', 'GET /v1/models/{name}', 'PUT /v1/models/{name}/policy', 'GET /v1/models/{name}/versions',
          'GET /v1/models/{name}/versions/{version}', 'POST /v1/models/{name}/versions/{version}/promote', 'POST /v1/models/{name}/rollback',
          'GET /v1/models/{name}/promotions', 'GET /v1/models/{name}/accuracy', 'POST /v1/training-jobs', 'GET /v1/training-jobs', 'GET /v1/training-jobs/{id}',
          'POST /v1/training-jobs/{id}/cancel', 'GET /v1/schedules', 'GET /v1/schedules/{model}', 'PUT /v1/schedules/{model}', 'GET /health/live', 'GET /health/ready', 'GET /metrics',
        ].sort(),
      );
      const forecast = document.paths['/v1/series/{key}/forecast'].get;
      expect(forecast.parameters).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'horizon', in: 'query', schema: expect.objectContaining({ minimum: 1, maximum: 1000 }) })]),
      );
      expect(forecast.responses['422'].content['application/problem+json'].schema.properties).toHaveProperty('errors');
      expect(document.paths['/v1/models'].post.requestBody.content['application/json'].schema).toMatchObject({ additionalProperties: false, required: expect.arrayContaining(['name', 'lookback']) });
      expect(document.paths['/v1/models/{name}/versions/{version}/promote'].post.security).toEqual(expect.arrayContaining([{ bearer: [] }]));
      const jobs = document.paths['/v1/training-jobs'].get;
      expect(jobs.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'cursor', in: 'query' }), expect.objectContaining({ name: 'limit', in: 'query' })]));
      expect(jobs.responses['200'].content['application/json'].schema).toMatchObject({ properties: { items: { type: 'array' }, next: { nullable: true } } });
    });

    it('unknown routes and undecodable paths are problems too', async () => {
      expect((await get('/v2/anything')).body).toMatchObject({ status: 404, type: 'about:blank' });
      expect((await get('/v1/series/%E0%A4%A')).body).toMatchObject({ status: 400 });
    });
  });

  describe('shutdown (last: it stops the API)', () => {
    it('stops on SIGTERM by itself, closing its connections, without needing SIGKILL', async () => {
      await api.app.stop(20_000);
      expect([0, 'SIGTERM']).toContain(api.app.child.exitCode ?? api.app.child.signalCode);
      expect(api.app.output()).not.toMatch(/ERROR/);
    });
  });
});
