import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { PG_POOL, PrismaClient } from '@tsf/db';
import type { Pool } from 'pg';
import { ForecastEvaluations } from '../evaluation/forecast-evaluations';
import { type BackoffOptions, JobQueue } from '../jobs/job-queue';
import { JobResults } from '../jobs/job-results';
import { ModelRegistry } from '../model-registry';
import { ModelStore } from '../models/model-store';
import { DriftMonitor } from '../scheduling/drift-monitor';
import { RetrainingTriggers } from '../scheduling/retraining-triggers';
import { FileArtifactStore, InlineArtifactStore } from '../versions/artifact-store';
import { ForecasterCache } from '../versions/forecaster-cache';
import { Promotions } from '../versions/promotions';
import { VersionStore } from '../versions/version-store';

export interface RegistryOptions {
  /** Retry delays of failed training attempts (JobQueue's defaults otherwise). */
  backoff?: BackoffOptions;
  /** Write new artifacts as files here instead of into Postgres. */
  artifactDir?: string;
  /** Loaded forecasters kept in memory (ForecasterCache's default otherwise). */
  forecasterCacheSize?: number;
  /** Most bytes of weights the loaded forecasters hold (ForecasterCache's maxBytes). */
  forecasterCacheBytes?: number;
}

const EXPORTED = [JobQueue, JobResults, ModelStore, VersionStore, Promotions, ForecasterCache, ForecastEvaluations, RetrainingTriggers, DriftMonitor, ModelRegistry];

function providers(options: RegistryOptions): Provider[] {
  return [
    { provide: JobQueue, useFactory: (prisma: PrismaClient, pool: Pool) => new JobQueue(prisma, pool, options.backoff), inject: [PrismaClient, PG_POOL] },
    {
      provide: VersionStore,
      useFactory: (prisma: PrismaClient) => new VersionStore(prisma, options.artifactDir ? new FileArtifactStore(options.artifactDir) : new InlineArtifactStore()),
      inject: [PrismaClient],
    },
    { provide: ModelStore, useFactory: (prisma: PrismaClient) => new ModelStore(prisma), inject: [PrismaClient] },
    { provide: Promotions, useFactory: (prisma: PrismaClient) => new Promotions(prisma), inject: [PrismaClient] },
    {
      provide: JobResults,
      useFactory: (prisma: PrismaClient, versions: VersionStore, promotions: Promotions) => new JobResults(prisma, versions, promotions),
      inject: [PrismaClient, VersionStore, Promotions],
    },
    { provide: ForecasterCache, useFactory: (versions: VersionStore) => new ForecasterCache(versions, { capacity: options.forecasterCacheSize, maxBytes: options.forecasterCacheBytes }), inject: [VersionStore] },
    {
      provide: ForecastEvaluations,
      useFactory: (prisma: PrismaClient, pool: Pool, cache: ForecasterCache) => new ForecastEvaluations(prisma, pool, cache),
      inject: [PrismaClient, PG_POOL, ForecasterCache],
    },
    { provide: RetrainingTriggers, useFactory: (prisma: PrismaClient) => new RetrainingTriggers(prisma), inject: [PrismaClient] },
    { provide: DriftMonitor, useFactory: (prisma: PrismaClient) => new DriftMonitor(prisma), inject: [PrismaClient] },
    {
      provide: ModelRegistry,
      useFactory: (models: ModelStore, versions: VersionStore, promotions: Promotions, queue: JobQueue, evaluations: ForecastEvaluations) =>
        new ModelRegistry(models, versions, promotions, queue, evaluations),
      inject: [ModelStore, VersionStore, Promotions, JobQueue, ForecastEvaluations],
    },
  ];
}

/** The registry's stores and services as Nest providers (needs DatabaseModule in the app). Import it as is, or `forRoot(options)`. */
@Module({ providers: providers({}), exports: EXPORTED })
export class RegistryModule {
  static forRoot(options: RegistryOptions): DynamicModule {
    return { module: RegistryModule, providers: providers(options), exports: EXPORTED };
  }
}
