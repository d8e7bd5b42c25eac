import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createModelSchema, ingestionStatusSchema } from '@tsf/contracts';
import { createPrismaClient, PointWriter, type PrismaClient } from '@tsf/db';
import { initBackend } from '@tsf/forecasting';
import { createMetricsRegistry, type MetricsServer, serveMetrics } from '@tsf/observability';
import { ModelStore } from '@tsf/registry';
import { Pool } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { IngestionMetrics } from '../../apps/ingestor/src/metrics/ingestion-metrics';
import { registerTrainedVersion } from '../../tools/bench/api/src/model-fixture';
import { call, createKey } from '../api/support/api-harness';
import { HOUR, sine, T0 } from '../api/support/series-data';
import { E2eFixture, type RunningApi } from '../support/e2e-fixture';
import { collectErrors, launchChromium, paintedPixels } from './browser';

const ARTIFACTS = join(__dirname, '../../test-artifacts/dashboard');
const SERIES = 'demo/sine';
const MODEL = { name: 'demo', seriesKey: SERIES, architecture: 'lstm', lookback: 24, horizon: 12, params: { layers: [8] }, quantiles: [0.1, 0.5, 0.9] };
const VALUES = sine(240);
/** Hourly points to the current hour: fresh, where demo/sine (2024) is stale. */
const FRESH = 'demo/fresh';
const FRESH_LAST = Math.floor(Date.now() / HOUR) * HOUR;

describe('built-in dashboard in chromium', () => {
  const fixture = new E2eFixture();
  let databaseUrl: string;
  let prisma: PrismaClient;
  let api: RunningApi;
  let ingestor: MetricsServer;
  let browser: Browser;
  let adminKey: string;
  let jobId: number;

  /** A fresh page at a dashboard route, with its console errors collected. */
  const open = async (route: string): Promise<{ page: Page; errors: string[] }> => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = collectErrors(page);
    await page.goto(`${api.url}/dashboard#${route}`);
    return { page, errors };
  };

  /** A series with points, a model with v1 in production and v2 a candidate, one scored forecast, a running job. */
  const seedRegistry = async () => {
    const pool = new Pool({ connectionString: databaseUrl });
    try {
      await new PointWriter(pool).write([
        { series: SERIES, labels: { site: 'north' }, points: VALUES.map((value, i) => ({ ts: T0 + i * HOUR, value })) },
        { series: FRESH, labels: { site: 'south' }, points: sine(48).map((value, i) => ({ ts: FRESH_LAST - (47 - i) * HOUR, value })) },
      ]);
    } finally {
      await pool.end();
    }
    const model = await new ModelStore(prisma).create(createModelSchema.parse(MODEL));
    // v1 trains long enough to follow the sine (it is the forecast, with its own quantile band, in the screenshot in docs/api.md)
    const v1 = await registerTrainedVersion(prisma, model, VALUES, { promote: true, seed: 1, epochs: 30 });
    await registerTrainedVersion(prisma, model, VALUES, { seed: 2 });
    const series = await prisma.series.findUniqueOrThrow({ where: { key: SERIES } });
    await prisma.forecastEvaluation.create({
      data: { modelId: model.id, versionId: v1.id, seriesId: series.id, originTs: new Date(T0 + 200 * HOUR), stepMs: HOUR, predicted: VALUES.slice(201, 213).map((v) => v + 0.5), evaluatedAt: new Date(), matched: 12, mae: 0.5 },
    });
    jobId = (await prisma.trainingJob.create({ data: { modelId: model.id, status: 'running', startedAt: new Date(), progress: { phase: 'training', epoch: 3, epochs: 20, loss: 0.25 } } })).id;
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    databaseUrl = await fixture.createDatabase();
    prisma = fixture.own(createPrismaClient(databaseUrl), (client) => client.$disconnect());
    adminKey = await createKey(databaseUrl, 'dashboard-admin', ['read', 'write', 'admin']);
    const registry = createMetricsRegistry('ingestor');
    const metrics = new IngestionMetrics(registry);
    metrics.assigned('tsf.points', [0]);
    const committed = { topic: 'tsf.points', partition: 0, firstOffset: '0', lastOffset: '0', lag: 7 };
    metrics.batchCommitted({ ...committed, messages: 12, durationMs: 30, result: { points: 1200, deadLetters: [], skipped: [] } });
    for (const reason of ['not_json', 'not_json', 'invalid_schema'] as const) {
      metrics.batchCommitted({ ...committed, messages: 1, durationMs: 1, result: { points: 0, deadLetters: [{ reason, detail: '', message: {} as never }], skipped: [] } });
    }
    ingestor = await fixture.own(serveMetrics(registry, { port: 0, host: '127.0.0.1' }), (server) => server.close());
    [api, browser] = await Promise.all([
      fixture.startApi({ env: { TSF_DASHBOARD_INGESTORS: `http://127.0.0.1:${ingestor.port}/metrics` } }),
      fixture.own(launchChromium(), (chromium) => chromium.close()),
      initBackend('wasm').then(seedRegistry),
    ]);
  }, 240_000);

  afterAll(() => fixture.teardown());

  it('series explorer finds series by key prefix and by label, without console errors', async () => {
    const { page, errors } = await open('/series');
    await page.locator('#series-results a', { hasText: SERIES }).waitFor();
    await page.fill('input[name=prefix]', 'nothing/');
    await page.click('form.search button');
    await page.getByText('No series match.').waitFor();
    await page.fill('input[name=prefix]', '');
    await page.fill('input[name=labels]', 'site:north');
    await page.click('form.search button');
    await page.locator('#series-results a', { hasText: SERIES }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'series-explorer.png') });
    expect(errors).toEqual([]);
  });

  it('series explorer marks a series whose last point is older than TSF_STALE_AFTER_STEPS steps stale, a current one fresh', async () => {
    const { page, errors } = await open('/series');
    await page.locator('#series-results a', { hasText: FRESH }).waitFor();
    await expect(page.locator('#series-results tr', { hasText: SERIES }).locator('.badge').textContent()).resolves.toBe('stale');
    await expect(page.locator('#series-results tr', { hasText: FRESH }).locator('.badge').textContent()).resolves.toBe('fresh');
    expect(errors).toEqual([]);
  });

  it('series page draws history, the production forecast with its quantile band, and past forecasts', async () => {
    const { page, errors } = await open(`/series/${encodeURIComponent(SERIES)}`);
    await page.locator('#series-chart canvas').waitFor();
    await expect(page.locator('#forecast-source').textContent()).resolves.toContain('demo v1');
    const legend = await page.locator('#series-chart .u-legend').textContent();
    expect(legend).toMatch(/actual.*forecast.*past forecasts.*lower.*upper/s);
    expect(await paintedPixels(page, '#series-chart canvas')).toBeGreaterThan(2000);
    await page.getByText('MAE on actuals').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'series-page.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('series page opens on the recent past and the forecast, and zooms out to the whole history and back', async () => {
    const forecast = await call(api.url, 'GET', `/v1/series/${encodeURIComponent(SERIES)}/forecast?horizon=48&quantiles=0.1,0.9`);
    const last = T0 + (VALUES.length - 1) * HOUR;
    const forecastEnd = Date.parse(forecast.body.points.at(-1).ts);
    const { page, errors } = await open(`/series/${encodeURIComponent(SERIES)}`);
    const chart = page.locator('#series-chart[data-x-min]');
    await chart.locator('canvas').waitFor();
    const shown = async () => ({ min: Number(await chart.getAttribute('data-x-min')), max: Number(await chart.getAttribute('data-x-max')) });
    // four forecast spans of the past, then the forecast: the band and the past forecast (hours 201-212) inside, the first days of history not
    const recent = { min: (last - 4 * (forecastEnd - last)) / 1000, max: forecastEnd / 1000 };
    expect(await shown()).toEqual(recent);
    expect(recent.min).toBeGreaterThan(T0 / 1000);
    expect(recent.min).toBeLessThanOrEqual((T0 + 201 * HOUR) / 1000);
    await page.screenshot({ path: join(ARTIFACTS, 'series-page-recent.png') });
    await page.click('#zoom-all');
    await expect(shown()).resolves.toEqual({ min: T0 / 1000, max: forecastEnd / 1000 });
    await page.click('#zoom-recent');
    await expect(shown()).resolves.toEqual(recent);
    expect(errors).toEqual([]);
  });

  it('series page shows the data-quality facts and staleness beside the chart', async () => {
    const { page, errors } = await open(`/series/${encodeURIComponent(SERIES)}`);
    const facts = page.locator('.series-view #series-quality');
    await facts.locator('dl').waitFor();
    const text = await facts.textContent();
    expect(text).toContain('Frequency1h, inferred');
    expect(text).toContain('Coverage100.0% of 240 steps');
    expect(text).toContain('Missing steps0');
    expect(text).toContain('Longest gap0 steps');
    expect(text).toMatch(/Last point\d+(\.\d)? d ago/);
    await expect(page.locator('#series-stale').textContent()).resolves.toBe('stale');
    const fresh = await open(`/series/${encodeURIComponent(FRESH)}`);
    await expect(fresh.page.locator('#series-stale').textContent()).resolves.toBe('fresh');
    expect(errors).toEqual([]);
    // no model serves demo/fresh: its forecast is a 404, which the page shows as a state
    expect(fresh.errors.filter((error) => !error.includes('status of 404'))).toEqual([]);
  });

  it('a promote click with an admin key makes that version the production one', async () => {
    const { page, errors } = await open('/models');
    await page.locator('a', { hasText: 'demo' }).click();
    await page.locator('#production-version', { hasText: 'v1' }).waitFor();
    await page.fill('#api-key input[name=key]', adminKey);
    await page.click('#api-key button');
    await page.locator('button.promote[data-version="2"]').click();
    await page.locator('#production-version', { hasText: 'Production: v2' }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'model-page.png'), fullPage: true });
    expect((await call(api.url, 'GET', '/v1/models/demo')).body.production.version).toBe(2);
    expect(errors).toEqual([]);
  });

  it('training jobs page shows running progress and follows it without a reload', async () => {
    const { page, errors } = await open('/jobs');
    await page.locator('#jobs', { hasText: '3/20' }).waitFor();
    await prisma.trainingJob.update({ where: { id: jobId }, data: { progress: { phase: 'training', epoch: 15, epochs: 20, loss: 0.1 } } });
    await page.locator('#jobs', { hasText: '15/20' }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'jobs.png') });
    expect(errors).toEqual([]);
  });

  it('ingestion page shows the ingestor counters, its lag and dead letters by reason', async () => {
    const { page, errors } = await open('/ingestion');
    await page.locator('#ingestion td', { hasText: 'tsf.points/0: 7' }).waitFor();
    const text = await page.locator('#ingestion').textContent();
    expect(text).toContain('1200');
    expect(text).toMatch(/not_json\s*2/);
    expect(text).toMatch(/invalid_schema\s*1/);
    await page.screenshot({ path: join(ARTIFACTS, 'ingestion.png') });
    expect(errors).toEqual([]);
  });

  it('ingestion data answers in the shape of its contract (the page and the API share it)', async () => {
    const { status, body } = await call(api.url, 'GET', '/dashboard/data/ingestion');
    expect(status).toBe(200);
    expect(ingestionStatusSchema.parse(body).ingestors).toEqual([
      expect.objectContaining({ up: true, pointsTotal: 1200, messagesTotal: 15, paused: false, deadLetters: { not_json: 2, invalid_schema: 1 } }),
    ]);
  });
});
