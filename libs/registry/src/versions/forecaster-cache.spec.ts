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

  describe('bounded by the bytes of the loaded weights', () => {
    const weightsOf = (cache: ForecasterCache, version: CachedVersion) => cache.use(version, async (f) => f.weightBytes());

    it('counts each loaded version by its weights and evicts the least recently used beyond maxBytes, never the one just used', async () => {
      const probe = new ForecasterCache(versions);
      const one = await weightsOf(probe, stored[0]);
      expect(one).toBeGreaterThan(0);
      expect(probe.size()).toEqual({ entries: 1, bytes: one });

      const loads: number[] = [];
      const cache = new ForecasterCache(versions, { maxBytes: one + one / 2 });
      cache.onLoad((_seconds, bytes) => loads.push(bytes));
      await weightsOf(cache, stored[0]);
      await weightsOf(cache, stored[1]); // two do not fit: the first goes
      expect(cache.size()).toEqual({ entries: 1, bytes: one });
      const lookups: boolean[] = [];
      cache.onLookup((hit) => lookups.push(hit));
      await weightsOf(cache, stored[1]);
      await weightsOf(cache, stored[0]);
      expect(lookups).toEqual([true, false]);
      expect(loads).toEqual([one, one, one]);

      const tiny = new ForecasterCache(versions, { maxBytes: 1 });
      await weightsOf(tiny, stored[0]);
      expect(tiny.size()).toEqual({ entries: 1, bytes: one });
    });

    it('a slow load does not hold up a forecast of a version already loaded', async () => {
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const slow = Object.create(versions) as VersionStore;
      slow.loadArtifact = async (version) => {
        if (version.id === stored[1].id) await gate;
        return versions.loadArtifact(version);
      };
      const cache = new ForecasterCache(slow);
      await cache.use(stored[0], async () => undefined);
      const pending = cache.use(stored[1], async (f) => f.predict(series, 2));
      const fast = await cache.use(stored[0], async (f) => f.predict(series, 2));
      expect(fast).toHaveLength(2);
      release();
      expect(await pending).toHaveLength(2);
    });

    it('warm() loads versions ahead of their first use and leaves a failed one to it', async () => {
      const cache = new ForecasterCache(versions);
      await cache.warm([stored[0], { ...stored[1], id: 8, artifactSha256: '0'.repeat(64) }]);
      expect(cache.size().entries).toBe(1);
      const lookups: boolean[] = [];
      cache.onLookup((hit) => lookups.push(hit));
      await cache.use(stored[0], async () => undefined);
      expect(lookups).toEqual([true]);
    });
  });
});
