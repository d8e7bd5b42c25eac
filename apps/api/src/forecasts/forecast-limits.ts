import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { API_CONFIG, type ApiConfig } from '../api-config';
import type { CallerRequest } from '../auth/caller';
import { overLimit } from '../auth/limit-refusal';
import { WorkBudget } from '../auth/work-budget';
import { ApiMetrics } from '../metrics/api-metrics';

/** What a forecast asks for, as far as its size goes (the validated query or one request of a batch). */
export interface ForecastSize {
  horizon: number;
  quantiles?: number[];
}

/** Values a forecast answers: one per step of the horizon, and one more per step for each quantile level. */
export function forecastValues({ horizon, quantiles }: ForecastSize): number {
  return horizon * (1 + (quantiles?.length ?? 0));
}

/**
 * The limits on a forecast response, checked from the validated request before any model runs: at most
 * TSF_API_MAX_FORECAST_VALUES values in one response (422), and its values charged to the caller's WorkBudget.
 */
@Injectable()
export class ForecastLimits {
  constructor(
    private readonly budget: WorkBudget,
    private readonly metrics: ApiMetrics,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  admit(req: CallerRequest, reply: FastifyReply, forecasts: ForecastSize[]): void {
    const values = forecasts.reduce((sum, forecast) => sum + forecastValues(forecast), 0);
    const maxValues = this.config.TSF_API_MAX_FORECAST_VALUES;
    if (values > maxValues) {
      throw overLimit(
        this.metrics,
        'forecast_values',
        'TSF_API_MAX_FORECAST_VALUES',
        `this forecast would answer ${values} values (horizon × (1 + quantile levels), summed over its forecasts); one response may hold at most ${maxValues}`,
        { values, maxValues },
      );
    }
    this.budget.charge(req, reply, values, `${values} forecast values`);
  }
}
