import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { API_CONFIG, type ApiConfig } from '../api-config';
import { ApiMetrics } from '../metrics/api-metrics';
import { tooManyRequests } from './limit-refusal';
import { TokenBuckets } from './token-bucket';

/**
 * Failed authentications per client address, in this process: TSF_API_AUTH_FAILURE_LIMIT/s sustained,
 * TSF_API_AUTH_FAILURE_BURST at once. Checked before a presented key is looked up, so that guessing key ids costs
 * the guesser a 429 and the database nothing. Each authentication reserves a failure before the lookup (so that
 * concurrent guesses cannot all pass one check) and a success gives it back: valid keys spend nothing.
 */
@Injectable()
export class AuthFailureLimit {
  private readonly buckets: TokenBuckets;

  constructor(
    private readonly metrics: ApiMetrics,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.buckets = new TokenBuckets(config.TSF_API_AUTH_FAILURE_LIMIT, config.TSF_API_AUTH_FAILURE_BURST);
  }

  /** Takes one failure from this address's bucket before its key is checked; 429 when none is left. */
  reserve(req: FastifyRequest, reply: FastifyReply): void {
    const result = this.buckets.take(req.ip);
    if (result.allowed) return;
    throw tooManyRequests(
      reply,
      this.metrics,
      'auth_failures',
      'TSF_API_AUTH_FAILURE_LIMIT',
      result,
      `too many failed authentications from this client (${this.buckets.ratePerSecond}/s, bursts of ${this.buckets.burst})`,
    );
  }

  /** The authentication succeeded: its reserved failure goes back. */
  release(req: FastifyRequest): void {
    this.buckets.refund(req.ip);
  }
}
