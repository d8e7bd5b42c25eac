import type { ModelVersion } from '@tsf/db';
import { type ForecastModel, loadForecastModel } from '@tsf/forecasting';
import type { VersionStore } from './version-store';

export interface ForecasterCacheOptions {
  /** Loaded versions kept. Default 32. */
  capacity?: number;
}

interface Entry {
  forecaster: Promise<ForecastModel>;
  /** Calls of use() running with it. */
  users: number;
  evicted: boolean;
}

/**
 * Loaded forecasters (a Forecaster or an ensemble, whichever the artifact holds) by version id, shared by whoever forecasts in a process (the API, forecast evaluations). Versions
 * are immutable, so an entry never goes stale; which version serves a series is the caller's business. Beyond
 * `capacity` the least recently used is evicted, and disposed once the forecasts running with it are done.
 */
export class ForecasterCache {
  private readonly entries = new Map<number, Entry>();
  private readonly capacity: number;
  private readonly lookupListeners: ((hit: boolean) => void)[] = [];

  constructor(
    private readonly versions: VersionStore,
    options: ForecasterCacheOptions = {},
  ) {
    this.capacity = options.capacity ?? 32;
  }

  /** Tells `listener` of every lookup whether the version was loaded (or loading) already. */
  onLookup(listener: (hit: boolean) => void): void {
    this.lookupListeners.push(listener);
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
      const created: Entry = { forecaster: this.versions.loadArtifact(version).then((bytes) => loadForecastModel(bytes)), users: 0, evicted: false };
      created.forecaster.catch(() => {
        if (this.entries.get(version.id) === created) this.entries.delete(version.id);
      });
      entry = created;
    }
    this.entries.set(version.id, entry);
    while (this.entries.size > this.capacity) this.evict(this.entries.keys().next().value as number);
    return entry;
  }

  private evict(id: number): void {
    const entry = this.entries.get(id)!;
    this.entries.delete(id);
    entry.evicted = true;
    if (entry.users === 0) dispose(entry);
  }
}

function dispose(entry: Entry): void {
  void entry.forecaster.then((forecaster) => forecaster.dispose(), () => undefined);
}
