import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { RetrainingTriggers } from '@tsf/registry';
import { SCHEDULER_CONFIG, type SchedulerConfig } from '../scheduler-config';

/** Fires due cron policies every tick. Several schedulers may tick at once: each due model is claimed by one of them. */
@Injectable()
export class CronTicker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Cron');
  private timer?: NodeJS.Timeout;
  private tick?: Promise<void>;

  constructor(
    @Inject(SCHEDULER_CONFIG) private readonly config: SchedulerConfig,
    private readonly triggers: RetrainingTriggers,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.tick ??= this.fire().finally(() => (this.tick = undefined));
    }, this.config.TSF_SCHEDULER_TICK_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.tick;
  }

  private async fire(): Promise<void> {
    try {
      for (const job of await this.triggers.fireDueCrons()) this.logger.log(`model ${job.modelId}: cron fired; job ${job.jobId ?? 'already queued'}`);
    } catch (error) {
      this.logger.error(`cron check failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
