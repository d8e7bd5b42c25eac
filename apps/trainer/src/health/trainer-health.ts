import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { PG_POOL } from '@tsf/db';
import { answers, HealthChecks } from '@tsf/observability';
import type { Pool } from 'pg';
import { WorkerActivity } from './worker-activity';

/** The trainer's probes: ready when it can lease and run a job (database reachable, loop running); live while its loop moves. */
@Injectable()
export class TrainerHealth implements OnModuleInit {
  constructor(
    private readonly checks: HealthChecks,
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly activity: WorkerActivity,
  ) {}

  onModuleInit(): void {
    this.checks.addReadiness('database', answers(() => this.pool.query('SELECT 1')));
    this.checks.addReadiness('worker', () => this.activity.readiness());
    this.checks.addLiveness('worker', () => this.activity.liveness());
  }
}
