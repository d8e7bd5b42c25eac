import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { API_CONFIG, type ApiConfig } from '../api-config';
import { ApiMetrics } from '../metrics/api-metrics';
import { type CallerRequest, limitedCaller } from './caller';
import { overLimit, tooManyRequests } from './limit-refusal';
import { TokenBuckets } from './token-bucket';

/**
 * The work limit: a token bucket per key (per client address without one), in this process, in cost units —
 * TSF_API_COST_LIMIT units/s sustained, TSF_API_COST_BURST at once. A unit is one value a forecast computes and
 * serializes, or one point written: what a request's memory, CPU and response size grow with, so that one 15 MB
 * batch forecast weighs what it costs and not what a one-line read does. Routes charge it with the cost they
 * compute from their validated input, before any work.
 */
@Injectable()
export class WorkBudget {
  private readonly buckets: TokenBuckets;

  constructor(
    private readonly metrics: ApiMetrics,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.buckets = new TokenBuckets(config.TSF_API_COST_LIMIT, config.TSF_API_COST_BURST);
  }

  /** Takes `units` of `work` from the caller's bucket: 422 when more than the burst (no wait would do), 429 while it holds too few. */
  charge(req: CallerRequest, reply: FastifyReply, units: number, work: string): void {
    const { ratePerSecond, burst } = this.buckets;
    if (units > burst) {
      throw overLimit(this.metrics, 'cost_burst', 'TSF_API_COST_BURST', `this request costs ${units} units (${work}); one request may cost at most ${burst}`, {
        cost: units,
        maxCost: burst,
      });
    }
    const caller = limitedCaller(req);
    const result = this.buckets.take(caller.bucket, units);
    if (result.allowed) return;
    throw tooManyRequests(
      reply,
      this.metrics,
      'cost',
      'TSF_API_COST_LIMIT',
      result,
      `this request costs ${units} units (${work}); the work limit of ${ratePerSecond} units/s (bursts of ${burst}) leaves ${result.remaining} to ${caller.description}`,
    );
  }
}
