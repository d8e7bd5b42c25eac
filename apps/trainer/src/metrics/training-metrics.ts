import type { NewVersion } from '@tsf/registry';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * How a leased job ended on this worker: registered (`succeeded`), failed for good or to be retried, cancelled,
 * handed back to the queue at shutdown (`released`), or its lease taken over by another worker (`lost`).
 */
const JOB_OUTCOMES = ['succeeded', 'failed', 'retried', 'cancelled', 'released', 'lost'] as const;

export type JobOutcome = (typeof JOB_OUTCOMES)[number];

/** A trainer's Prometheus metrics; names are the contract with dashboards and alerts (see docs/registry-and-trainers.md, Trainer workers). */
export class TrainingMetrics {
  private readonly jobs: Counter<'outcome'>;
  private readonly inProgress: Gauge;
  private readonly fitSeconds: Histogram<'architecture'>;
  private readonly epochsPerSecond: Gauge<'architecture'>;
  private readonly backend: Gauge<'backend'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.jobs = new Counter({ name: 'tsf_training_jobs_total', help: 'Leased training jobs by how they ended on this worker', labelNames: ['outcome'], registers });
    for (const outcome of JOB_OUTCOMES) this.jobs.inc({ outcome }, 0);
    this.inProgress = new Gauge({ name: 'tsf_training_jobs_in_progress', help: 'Jobs this worker holds a lease on and works at', registers });
    this.fitSeconds = new Histogram({
      name: 'tsf_training_duration_seconds',
      help: 'Wall time of fitting a model (the training loop, not loading data or the holdout backtest), by architecture',
      labelNames: ['architecture'],
      buckets: [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200],
      registers,
    });
    this.epochsPerSecond = new Gauge({
      name: 'tsf_training_epochs_per_second',
      help: 'Epochs per second of the latest fit on this worker, by architecture',
      labelNames: ['architecture'],
      registers,
    });
    this.backend = new Gauge({ name: 'tsf_trainer_backend', help: 'The tfjs backend this worker trains on (value 1)', labelNames: ['backend'], registers });
  }

  backendInUse(name: string): void {
    this.backend.reset();
    this.backend.set({ backend: name }, 1);
  }

  jobStarted(): void {
    this.inProgress.inc();
  }

  jobFinished(outcome: JobOutcome): void {
    this.inProgress.dec();
    this.jobs.inc({ outcome });
  }

  /** A fit that ran to a version (registered or not): its duration and speed, from the version's lineage and training summary. */
  fitted(architecture: string, version: NewVersion): void {
    const seconds = version.lineage.trainingMs / 1000;
    this.fitSeconds.observe({ architecture }, seconds);
    if (seconds > 0) this.epochsPerSecond.set({ architecture }, version.metrics.training.epochs / seconds);
  }
}
