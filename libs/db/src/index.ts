export * from './prisma-client';
export { applyMigrations, MigrationError, readMigrations, type MigrationResult } from './migrations/migration-runner';
export { databaseName, dropDatabase, ensureDatabase, withDatabase } from './migrations/database-admin';
export { PointWriter, type SeriesBatch, type SeriesWriteStats } from './points/point-writer';
export { MIGRATIONS_DIR } from './migrations/migrations-dir';
