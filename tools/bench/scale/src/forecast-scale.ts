import { createModelSchema } from '@tsf/contracts';
import { createPrismaClient, readSeries } from '@tsf/db';
import { AppProcess, freePort } from '@tsf/platform';
import { ModelStore } from '@tsf/registry';
import type { Pool } from 'pg';
import { runSequential, type SequentialResult } from '../../api/src/latency-run';
import { registerArtifact, trainArtifact } from '../../api/src/model-fixture';
import { firstSeries, generatedKey, writeGeneratedSeries } from './generated-series';
import { TreeMemoryPeak } from './process-memory';
import { benchPool } from './bench-pool';

/** The per-series models' spec (and the global model's): a small MLP, as per-series models often are. */
const SPEC = { architecture: 'mlp', lookback: 24, horizon: 12, params: { hidden: [32] } } as const;
const POINTS = 96;
const modelName = (index: number) => `scale-m-${String(index).padStart(7, '0')}`;
const GLOBAL = 'scale-global';

export interface ForecastScaleResult {
  models: number;
  perSeries: SequentialResult;
  global: SequentialResult;
  /** What the API's model cache held after the run (tsf_api_model_cache_bytes), and its misses during the timed forecasts (tsf_api_cache_lookups_total). */
  cacheBytes: number;
  cacheMisses: number;
  /** The API process' peak resident memory, loading every model included. */
  apiPeakBytes: number;
}

/** The API's model cache: the bytes of weights it holds and its misses so far, from /metrics. */
async function modelCache(baseUrl: string): Promise<{ bytes: number; misses: number }> {
  const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
  const value = (pattern: string) => Number(new RegExp(`^${pattern} (\\S+)$`, 'm').exec(metrics)?.[1] ?? Number.NaN);
  return { bytes: value('tsf_api_model_cache_bytes(?:\\{[^}]*\\})?'), misses: value('tsf_api_cache_lookups_total\\{[^}]*cache="model"[^}]*result="miss"[^}]*\\}') };
}

/**
 * Forecast latency against the number of per-series models in rotation. For each size (ascending, in one database)
 * the generated series and a per-series model each are added up to that size (the first model trained and registered
 * the product's way, the others registered by SQL as copies of its version: the same weights, each its own model and
 * version, loaded and cached by the API one by one), then a fresh API process: every model asked once (loaded), then
 * one client, one request at a time, for `seconds` over every per-series model in turn, then as long over the same
 * series through one global model. Every forecast reads its history (TSF_API_HISTORY_TTL_MS=0), so the sizes differ
 * only in the models in rotation, not in how often a history is cached; the API's model cache may hold every version
 * (TSF_API_MODEL_CACHE_SIZE = models + 1; their weights are far below TSF_API_MODEL_CACHE_BYTES).
 */
export async function runForecastScale(databaseUrl: string, sizes: readonly number[], seconds: number, onProgress: (line: string) => void): Promise<ForecastScaleResult[]> {
  const prisma = createPrismaClient(databaseUrl);
  const pool = benchPool(databaseUrl, 2);
  const results: ForecastScaleResult[] = [];
  try {
    const largest = Math.max(...sizes);
    await writeGeneratedSeries(pool, 0, largest, POINTS, [largest]);
    const template = await createModels(prisma, pool);
    let created = 1;
    for (const size of sizes) {
      await cloneModel(pool, template, created, size);
      created = Math.max(created, size);
      onProgress(`${size} per-series models in production; starting an API`);
      results.push(await measure(databaseUrl, size, seconds));
    }
    return results;
  } finally {
    await Promise.all([prisma.$disconnect(), pool.end()]);
  }
}

/** Model 0 of series 0 and the global model over every series, each trained and registered as production; model 0's ids to copy. */
async function createModels(prisma: ReturnType<typeof createPrismaClient>, pool: Pool): Promise<{ modelId: number; versionId: number }> {
  const models = new ModelStore(prisma);
  const values = async (index: number) => Array.from((await readSeries(pool, generatedKey(index)))!.values);
  const first = await models.create(createModelSchema.parse({ ...SPEC, name: modelName(0), seriesKey: generatedKey(0) }));
  const version = await registerArtifact(prisma, first, await trainArtifact(first, [await values(0)]), { promote: true });
  const global = await models.create(createModelSchema.parse({ ...SPEC, name: GLOBAL, selector: firstSeries(Number.MAX_SAFE_INTEGER) }));
  const some = await Promise.all(Array.from({ length: 10 }, (_, i) => values(i)));
  await registerArtifact(prisma, global, await trainArtifact(global, some), { promote: true });
  return { modelId: first.id, versionId: version.id };
}

/** Per-series models `from` … `to` − 1 as copies of the template model (for their own series), each with a copy of its version in production. */
async function cloneModel(pool: Pool, template: { modelId: number; versionId: number }, from: number, to: number): Promise<void> {
  if (to <= from) return;
  await pool.query(
    `INSERT INTO models (name, series_key, architecture, lookback, horizon, params, quantiles, transforms, grid, calendar, holidays, training, policy, updated_at)
     SELECT 'scale-m-' || lpad(i::text, 7, '0'), 'scale/' || lpad(i::text, 7, '0'), architecture, lookback, horizon, params, quantiles, transforms, grid,
            calendar, holidays, training, policy, now()
       FROM models, generate_series($2::int, $3::int - 1) AS i
      WHERE id = $1`,
    [template.modelId, from, to],
  );
  await pool.query(
    `INSERT INTO model_versions (model_id, version, stage, metrics, lineage, artifact, artifact_uri, artifact_sha256)
     SELECT m.id, 1, 'production', v.metrics, v.lineage, v.artifact, v.artifact_uri, v.artifact_sha256
       FROM model_versions v, models m
      WHERE v.id = $1 AND m.name >= 'scale-m-' || lpad($2::text, 7, '0') AND m.name < 'scale-m-' || lpad($3::text, 7, '0')`,
    [template.versionId, from, to],
  );
}

/** A fresh API over the first `size` series: the per-series models' and the global model's latency. */
async function measure(databaseUrl: string, size: number, seconds: number): Promise<ForecastScaleResult> {
  const port = await freePort();
  const api = await AppProcess.start(
    'api',
    {
      env: {
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        HOST: '127.0.0.1',
        TSF_TF_BACKEND: 'wasm',
        TSF_API_RATE_LIMIT: '1000000000',
        TSF_API_RATE_BURST: '1000000000',
        TSF_API_HISTORY_TTL_MS: '0',
        // room for every version in rotation (the per-series models and the global one): the default, 10,000, is not
        TSF_API_MODEL_CACHE_SIZE: String(size + 1),
      },
      readyTimeoutMs: 300_000,
    },
    `api-${size}`,
  );
  const memory = new TreeMemoryPeak(api.child.pid!).start();
  try {
    const baseUrl = `http://127.0.0.1:${port}`;
    const path = (index: number, model: string) => `/v1/series/${encodeURIComponent(generatedKey(index))}/forecast?horizon=${SPEC.horizon}&model=${model}`;
    const perSeries = Array.from({ length: size }, (_, i) => path(i, modelName(i)));
    const global = Array.from({ length: size }, (_, i) => path(i, GLOBAL));
    for (const warm of [perSeries, global.slice(0, 10)]) {
      for (const url of warm) if (!(await fetch(new URL(url, baseUrl))).ok) throw new Error(`GET ${url} failed:\n${api.output()}`);
    }
    const before = await modelCache(baseUrl);
    const result = { perSeries: await runSequential(baseUrl, perSeries, seconds), global: await runSequential(baseUrl, global, seconds) };
    const after = await modelCache(baseUrl);
    return { models: size, ...result, cacheBytes: after.bytes, cacheMisses: after.misses - before.misses, apiPeakBytes: memory.stop().peakSumBytes };
  } finally {
    memory.stop();
    await api.stop();
  }
}
