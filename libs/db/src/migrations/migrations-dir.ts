import { join } from 'node:path';

/** The repository's `prisma/migrations`, the folder `prisma migrate deploy` reads in production. */
export const MIGRATIONS_DIR = join(__dirname, '../../../../prisma/migrations');
