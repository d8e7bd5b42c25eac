import type { ModelVersion } from '@tsf/db';
import { type ForecastModel, loadForecastModel } from '@tsf/forecasting';
import type { VersionStore } from './version-store';

export interface ForecasterCacheOptions {
  /** Most loaded versions kept. Default 10,000. */
  capacity?: number;
  /** Most bytes of weights the loaded versions hold together (ForecastModel.weightBytes). Default 256 MiB. */
  maxBytes?: number;
}

/** What the cache holds: loaded versions and the bytes of their weights. */
export interface ForecasterCacheSize {
  entries: number;
  bytes: number;
}

interface Entry {
  forecaster: Promise<ForecastModel>;
  /** Calls of use() running with it. */
  users: number;
  evicted: boolean;
  /** Bytes of its weights, counted once it is loaded (0 while loading). */
  bytes: number;
}

const MIB = 1024 * 1024;

/**
 * Loaded forecasters (a Forecaster, an ensemble or an auto model, whichever the artifact holds) by version id, shared
 * by whoever forecasts in a process (the API, forecast evaluations). Versions are immutable, so an entry never goes
 * stale; which version serves a series is the caller's business. The cache is bounded by the bytes of the loaded
 * weights (`maxBytes`) and by a count (`capacity`): beyond either, the least recently used are evicted (never the one
 * just used), and each is disposed once the forecasts running with it are done. A load runs on its own: lookups of
 * other versions, loaded or not, never wait for it.
 */
export class ForecasterCache {
  private readonly entries = new Map<number, Entry>();
  private readonly capacity: number;
  private readonly maxBytes: number;
  private bytes = 0;
  private readonly lookupListeners: ((hit: boolean) => void)[] = [];
  private readonly loadListeners: ((seconds: number, bytes: number) => void)[] = [];

  constructor(
    private readonly versions: VersionStore,
    options: ForecasterCacheOptions = {},
  ) {
    this.capacity = options.capacity ?? 10_000;
    this.maxBytes = options.maxBytes ?? 256 * MIB;
  }

  /** Tells `listener` of every lookup whether the version was loaded (or loading) already. */
  onLookup(listener: (hit: boolean) => void): void {
    this.lookupListeners.push(listener);
  }

  /** Tells `listener` of every version loaded: the seconds its artifact took to read and load, and its weights' bytes. */
  onLoad(listener: (seconds: number, bytes: number) => void): void {
    this.loadListeners.push(listener);
  }

  /** The versions held and the bytes of their weights. */
  size(): ForecasterCacheSize {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  /** Loads `versions` (production ones, at start or on promotion) so that their first forecast does not wait; a failed load is left to the next use. */
  async warm(versions: readonly Pick<ModelVersion, 'id' | 'artifactUri' | 'artifactSha256'>[]): Promise<void> {
    await Promise.all(versions.map((version) => this.use(version, async () => undefined).catch(() => undefined)));
  }

  /** Runs `work` with the version's forecaster, loaded once; it stays usable until `work` settles, even if evicted meanwhile. */
  async use<T>(version: Pick<ModelVersion, 'id' | 'artifactUri' | 'artifactSha256'>, work: (forecaster: ForecastModel) => Promise<T>): Promise<T> {
    const entry = this.lookup(version);
    entry.users++;
    try {
      return await work(await entry.forecaster);
    } finally {
      entry.users--;
      if (entry.evicted && entry.users === 0) dispose(entry);
    }
  }

  private lookup(version: Pick<ModelVersion, 'id' | 'artifactUri' | 'artifactSha256'>): Entry {
    let entry = this.entries.get(version.id);
    this.lookupListeners.forEach((listener) => listener(entry !== undefined));
    if (entry) {
      this.entries.delete(version.id);
    } else {
      entry = this.load(version);
    }
    this.entries.set(version.id, entry);
    this.trim();
    return entry;
  }

  private load(version: Pick<ModelVersion, 'id' | 'artifactUri' | 'artifactSha256'>): Entry {
    const started = performance.now();
    const created: Entry = { forecaster: this.versions.loadArtifact(version).then((bytes) => loadForecastModel(bytes)), users: 0, evicted: false, bytes: 0 };
    created.forecaster.then(
      (forecaster) => {
        if (created.evicted) return;
        created.bytes = forecaster.weightBytes();
        this.bytes += created.bytes;
        this.loadListeners.forEach((listener) => listener((performance.now() - started) / 1000, created.bytes));
        this.trim();
      },
      () => {
        if (this.entries.get(version.id) === created) this.entries.delete(version.id);
      },
    );
    return created;
  }

  /** Evicts the least recently used while over the count or the bytes, keeping the most recent entry whatever its size. */
  private trim(): void {
    while (this.entries.size > 1 && (this.entries.size > this.capacity || this.bytes > this.maxBytes)) this.evict(this.entries.keys().next().value as number);
  }

  private evict(id: number): void {
    const entry = this.entries.get(id)!;
    this.entries.delete(id);
    entry.evicted = true;
    this.bytes -= entry.bytes;
    if (entry.users === 0) dispose(entry);
  }
}

function dispose(entry: Entry): void {
  void entry.forecaster.then((forecaster) => forecaster.dispose(), () => undefined);
}
