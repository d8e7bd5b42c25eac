import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PrismaClient } from '@tsf/db';
import { Forecaster, type ForecastModel, initBackend } from '@tsf/forecasting';
import { FileArtifactStore } from './artifact-store';
import { ForecasterCache } from './forecaster-cache';
import { type StoredArtifact, VersionStore } from './version-store';

type CachedVersion = StoredArtifact & { id: number };

const series = Array.from({ length: 60 }, (_, i) => Math.sin(i / 3));
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('forecaster cache', () => {
  let dir: string;
  // File artifacts: loading one reads the file and checks its sha256; the database is never asked.
  let versions: VersionStore;
  const stored: CachedVersion[] = [];

  beforeAll(async () => {
    await initBackend('wasm');
    dir = await mkdtemp(join(tmpdir(), 'tsf-forecaster-cache-'));
    versions = new VersionStore(null as unknown as PrismaClient, new FileArtifactStore(dir));
    for (const seed of [1, 2]) {
      const forecaster = Forecaster.create({ architecture: 'lstm', lookback: 6, horizon: 2, params: { layers: [2] } });
      await forecaster.fit(series, { epochs: 1, seed });
      stored.push({ id: seed, ...(await versions.storeArtifact(1, await forecaster.save())) });
      forecaster.dispose();
    }
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('loads a version once and reports each lookup as a miss, then hits', async () => {
    const cache = new ForecasterCache(versions);
    const lookups: boolean[] = [];
    cache.onLookup((hit) => lookups.push(hit));
    const [a, b] = await Promise.all([cache.use(stored[0], async (f) => f), cache.use(stored[0], async (f) => f)]);
    expect(a).toBe(b);
    expect(lookups).toEqual([false, true]);
  });

  it('an evicted forecaster keeps forecasting for the work using it, and is disposed when that work ends', async () => {
    const cache = new ForecasterCache(versions, { capacity: 1 });
    let evicted: ForecastModel | undefined;
    const forecast = await cache.use(stored[0], async (first) => {
      evicted = first;
      await cache.use(stored[1], async (second) => second.predict(series, 2)); // capacity 1: evicts the first
      return first.predict(series, 2);
    });
    expect(forecast).toHaveLength(2);
    await tick();
    await expect(evicted!.predict(series, 2)).rejects.toThrow(/disposed/);
    const reloaded = await cache.use(stored[0], async (f) => f);
    expect(reloaded).not.toBe(evicted);
  });

  it('does not keep a failed load: the next use tries again', async () => {
    const cache = new ForecasterCache(versions);
    const lookups: boolean[] = [];
    cache.onLookup((hit) => lookups.push(hit));
    const corrupt = { ...stored[0], id: 9, artifactSha256: '0'.repeat(64) };
    await expect(cache.use(corrupt, async (f) => f)).rejects.toThrow(/corrupt/);
    await tick();
    await expect(cache.use(corrupt, async (f) => f)).rejects.toThrow(/corrupt/);
    expect(lookups).toEqual([false, false]);
  });
});
