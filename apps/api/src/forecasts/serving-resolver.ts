import { Injectable, NotFoundException } from '@nestjs/common';
import { type Model, NOTIFICATION_CHANNELS } from '@tsf/db';
import { ModelStore, VersionStore, type VersionSummary } from '@tsf/registry';
import { ApiMetrics } from '../metrics/api-metrics';
import { DatabaseNotifications } from '../notifications/database-notifications';

/** A version as served: everything but its artifact bytes (those are loaded once, into ModelCache). */
export type ServingVersion = VersionSummary;

export interface Serving {
  model: Model;
  version: ServingVersion;
}

export interface ServingChoice {
  model?: string;
  version?: number;
}

const MAX_ENTRIES = 100_000;

/**
 * Which model version answers a forecast: the named model (or the first serving the series, by name, that has a
 * production version) and the named version (or its production one). Answers are remembered until a production
 * version changes anywhere: the database's `tsf_model_promoted` notification clears them in every API process, in the
 * time a notification takes (milliseconds), and so do reconnects of the notification connection.
 */
@Injectable()
export class ServingResolver {
  private readonly entries = new Map<string, Promise<Serving>>();

  constructor(
    private readonly models: ModelStore,
    private readonly versions: VersionStore,
    private readonly metrics: ApiMetrics,
    notifications: DatabaseNotifications,
  ) {
    notifications.on(NOTIFICATION_CHANNELS.modelPromoted, () => this.entries.clear());
    notifications.onResync(() => this.entries.clear());
  }

  resolve(seriesKey: string, choice: ServingChoice): Promise<Serving> {
    const key = `${seriesKey}\n${choice.model ?? ''}\n${choice.version ?? ''}`;
    let entry = this.entries.get(key);
    this.metrics.cacheLookups.inc({ cache: 'serving', result: entry ? 'hit' : 'miss' });
    if (!entry) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      entry = this.lookup(seriesKey, choice);
      this.entries.set(key, entry);
      entry.catch(() => this.entries.delete(key));
    }
    return entry;
  }

  private async lookup(seriesKey: string, choice: ServingChoice): Promise<Serving> {
    const candidates = choice.model ? [await this.models.named(choice.model)] : await this.models.forSeries(seriesKey);
    if (candidates.length === 0) throw new NotFoundException({ title: 'Model not found', detail: `no model serves ${seriesKey}` });
    for (const model of candidates) {
      const version = choice.version ? await this.versionNumbered(model.id, choice.version) : await this.versions.productionSummary(model.id);
      if (version) return { model, version };
    }
    throw new NotFoundException({
      title: 'Version not found',
      detail: choice.version
        ? `model ${candidates[0].name} has no version ${choice.version}`
        : `no production version yet for ${seriesKey}; train one first`,
    });
  }

  private async versionNumbered(modelId: number, version: number): Promise<ServingVersion | null> {
    const found = await this.versions.get(modelId, version);
    if (!found) return null;
    const { artifact: _bytes, ...served } = found;
    return served;
  }
}
