import { Inject, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { shortestCronIntervalSeconds } from '@tsf/contracts';
import { API_CONFIG, type ApiConfig } from '../api-config';

/**
 * Every firing of a retraining cron queues a training job: a cron that fires more often than
 * TSF_MIN_CRON_INTERVAL_SECONDS (six fields with seconds: `* * * * * *`) is refused where a policy is written.
 */
@Injectable()
export class CronIntervalLimit {
  private readonly minimumSeconds: number;

  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    this.minimumSeconds = config.TSF_MIN_CRON_INTERVAL_SECONDS;
  }

  /** 422 naming the limit when `cron` (a valid expression, at request field `field`) fires too often; nothing to check without one. */
  check(cron: string | null | undefined, field: string): void {
    if (cron === null || cron === undefined) return;
    const intervalSeconds = shortestCronIntervalSeconds(cron);
    if (intervalSeconds >= this.minimumSeconds) return;
    const message = `fires ${intervalSeconds} s apart; the minimum is ${this.minimumSeconds} s (TSF_MIN_CRON_INTERVAL_SECONDS)`;
    throw new UnprocessableEntityException({
      title: 'Cron fires too often',
      detail: `${field}: ${message}`,
      limit: 'TSF_MIN_CRON_INTERVAL_SECONDS',
      minimumSeconds: this.minimumSeconds,
      intervalSeconds,
      errors: [{ field, message }],
    });
  }
}
