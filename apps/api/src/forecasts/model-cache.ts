import { Injectable } from '@nestjs/common';
import { Forecaster } from '@tsf/forecasting';

/** Loaded forecasters by version id. Versions are immutable, so an entry never goes stale; the oldest is evicted. */
@Injectable()
export class ModelCache {
  private readonly entries = new Map<number, Promise<Forecaster>>();

  constructor(private readonly capacity = 64) {}

  get(versionId: number, load: () => Promise<Uint8Array>): Promise<Forecaster> {
    let entry = this.entries.get(versionId);
    if (entry) {
      this.entries.delete(versionId);
    } else {
      entry = load().then((bytes) => Forecaster.load(bytes));
      entry.catch(() => this.entries.delete(versionId));
    }
    this.entries.set(versionId, entry);
    this.evict();
    return entry;
  }

  private evict(): void {
    while (this.entries.size > this.capacity) {
      const [oldest, entry] = this.entries.entries().next().value as [number, Promise<Forecaster>];
      this.entries.delete(oldest);
      void entry.then((forecaster) => forecaster.dispose(), () => undefined);
    }
  }
}
