import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { NOTIFICATION_CHANNELS } from '@tsf/db';
import { ForecasterCache, VersionStore } from '@tsf/registry';
import { z } from 'zod';
import { DatabaseNotifications } from '../notifications/database-notifications';

const promotedSchema = z.object({ modelId: z.number().int() });

/**
 * Loads production versions into the model cache before their first forecast: every one at start (newest promotions
 * first; the cache's byte budget keeps what fits) and a model's new one as soon as the `tsf_model_promoted`
 * notification names it, in every API process. A failed load is logged and left to the first forecast.
 */
@Injectable()
export class ProductionWarmer implements OnApplicationBootstrap {
  private readonly logger = new Logger(ProductionWarmer.name);

  constructor(
    private readonly cache: ForecasterCache,
    private readonly versions: VersionStore,
    notifications: DatabaseNotifications,
  ) {
    notifications.on(NOTIFICATION_CHANNELS.modelPromoted, (payload) => void this.warmPromoted(payload));
  }

  onApplicationBootstrap(): void {
    void this.versions
      .productionSummaries()
      .then((versions) => this.cache.warm(versions))
      .catch((error: unknown) => this.logger.warn(`production versions not warmed: ${(error as Error).message}`));
  }

  private async warmPromoted(payload: string): Promise<void> {
    try {
      const { modelId } = promotedSchema.parse(JSON.parse(payload));
      const version = await this.versions.productionSummary(modelId);
      if (version) await this.cache.warm([version]);
    } catch (error) {
      this.logger.warn(`promoted version not warmed (${payload}): ${(error as Error).message}`);
    }
  }
}
