import type { ModelVersion } from '@tsf/db';
import { Forecaster } from '@tsf/forecasting';
import type { VersionStore } from './version-store';

/** Loaded forecasters by version id. Versions are immutable, so an entry never goes stale; the least recently used is evicted. */
export class ForecasterCache {
  private readonly entries = new Map<number, Promise<Forecaster>>();

  constructor(
    private readonly versions: VersionStore,
    private readonly capacity = 32,
  ) {}

  get(version: Pick<ModelVersion, 'id' | 'artifactUri' | 'artifactSha256'>): Promise<Forecaster> {
    let entry = this.entries.get(version.id);
    if (entry) {
      this.entries.delete(version.id);
    } else {
      entry = this.versions.loadArtifact(version).then((bytes) => Forecaster.load(bytes));
      entry.catch(() => this.entries.delete(version.id));
    }
    this.entries.set(version.id, entry);
    while (this.entries.size > this.capacity) this.evict(this.entries.keys().next().value as number);
    return entry;
  }

  clear(): void {
    for (const id of [...this.entries.keys()]) this.evict(id);
  }

  private evict(id: number): void {
    const entry = this.entries.get(id);
    this.entries.delete(id);
    void entry?.then((forecaster) => forecaster.dispose(), () => undefined);
  }
}
