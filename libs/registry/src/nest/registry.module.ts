import { Module } from '@nestjs/common';
import { PG_POOL, PrismaClient } from '@tsf/db';
import type { Pool } from 'pg';
import { JobQueue } from '../jobs/job-queue';
import { ModelStore } from '../models/model-store';
import { VersionStore } from '../versions/version-store';

/** The registry's stores as Nest providers (needs DatabaseModule in the app). */
@Module({
  providers: [
    { provide: JobQueue, useFactory: (prisma: PrismaClient, pool: Pool) => new JobQueue(prisma, pool), inject: [PrismaClient, PG_POOL] },
    { provide: ModelStore, useFactory: (prisma: PrismaClient) => new ModelStore(prisma), inject: [PrismaClient] },
    { provide: VersionStore, useFactory: (prisma: PrismaClient) => new VersionStore(prisma), inject: [PrismaClient] },
  ],
  exports: [JobQueue, ModelStore, VersionStore],
})
export class RegistryModule {}
