import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HealthChecks, ProgressWatch } from '@tsf/observability';
import { RetrainingTriggers } from '@tsf/registry';
import { SCHEDULER_CONFIG, type SchedulerConfig } from '../scheduler-config';

/**
 * A tick that has not finished for this many intervals (and at least LIVENESS_FLOOR_MS, beyond the database's 10 s connect
 * timeout) is wedged: ticks never overlap, so no cron fires until a restart. A tick that fails finishes, and stays live.
 */
const LIVENESS_TICKS = 10;
const LIVENESS_FLOOR_MS = 60_000;

/**
 * Fires due cron policies every tick. Several schedulers may tick at once: each due model is claimed by one of them.
 * Its liveness (`cron`) says whether ticks still finish.
 */
@Injectable()
export class CronTicker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Cron');
  private timer?: NodeJS.Timeout;
  private tick?: Promise<void>;
  private readonly progress: ProgressWatch;

  constructor(
    @Inject(SCHEDULER_CONFIG) private readonly config: SchedulerConfig,
    private readonly triggers: RetrainingTriggers,
    health: HealthChecks,
  ) {
    this.progress = new ProgressWatch(Math.max(LIVENESS_FLOOR_MS, LIVENESS_TICKS * config.TSF_SCHEDULER_TICK_MS));
    health.addLiveness('cron', () => this.progress.check());
  }

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
    } finally {
      this.progress.moved();
    }
  }
}
