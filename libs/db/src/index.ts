export * from './prisma-client';
export { applyMigrations, MigrationError, readMigrations, type MigrationResult } from './migrations/migration-runner';
export { databaseName, dropDatabase, ensureDatabase, withDatabase } from './migrations/database-admin';
export { PointWriter, type SeriesBatch, type SeriesWriteStats, type TimedValue } from './points/point-writer';
export { MIGRATIONS_DIR } from './migrations/migrations-dir';
export { DatabaseModule, PG_POOL } from './nest/database.module';
export { readSeries, type ReadRange, type SeriesData } from './points/series-reader';
export { createTestDatabase, TEST_SERVER_URL } from './testing/test-database';
export { ApiKeyStore, parseApiKey, type ParsedApiKey, secretMatches } from './api-keys/api-key-store';
