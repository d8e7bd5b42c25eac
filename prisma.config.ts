import { defineConfig } from 'prisma/config';

// Used by the Prisma CLI (generate here; `prisma migrate deploy` in production).
// The runtime never reads this file: apps build their client from the validated config in @tsf/config.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/tsf' },
});
