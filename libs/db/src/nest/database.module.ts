import { type DynamicModule, Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { PointWriter } from '../points/point-writer';
import { createPrismaClient, PrismaClient } from '../prisma-client';

/** Raw pg pool for the statements Prisma has no idiom for (unnest upserts, COPY, SKIP LOCKED, LISTEN). */
export const PG_POOL = Symbol('PG_POOL');

@Injectable()
class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(
    private readonly prisma: PrismaClient,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.prisma.$disconnect(), this.pool.end()]);
  }
}

/**
 * An idle connection that drops (Postgres restarted, network cut) is removed from the pool and reported as an
 * 'error' event, which would end the process if nobody listened; the next query simply opens a new connection.
 * Connecting gives up after 10 s, so an unreachable server fails queries (which callers retry) instead of hanging them.
 */
function createPool(databaseUrl: string): Pool {
  const pool = new Pool({ connectionString: databaseUrl, max: 10, connectionTimeoutMillis: 10_000, keepAlive: true });
  const logger = new Logger('Database');
  pool.on('error', (error) => logger.warn(`idle connection lost: ${error.message}`));
  return pool;
}

/** Prisma client, pg pool and point writer for a Nest app; connections close on shutdown. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(databaseUrl: string): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: PrismaClient, useFactory: () => createPrismaClient(databaseUrl) },
        { provide: PG_POOL, useFactory: () => createPool(databaseUrl) },
        { provide: PointWriter, useFactory: (pool: Pool) => new PointWriter(pool), inject: [PG_POOL] },
        DatabaseLifecycle,
      ],
      exports: [PrismaClient, PG_POOL, PointWriter],
    };
  }
}
