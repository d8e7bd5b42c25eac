import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

export { Prisma, PrismaClient } from './generated/prisma/client';
export type { ForecastEvaluation, Model, ModelVersion, Point, Promotion, Series, TrainingJob } from './generated/prisma/client';
export { JobStatus, VersionStage } from './generated/prisma/enums';
export type { ApiKey } from './generated/prisma/client';
export type { ApiScope } from './generated/prisma/enums';

/** A Prisma client on the pg driver adapter (Prisma 7 has no built-in engine connection). */
export function createPrismaClient(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
}
