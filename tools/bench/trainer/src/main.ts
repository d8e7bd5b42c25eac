/**
 * Trainer throughput and takeover, with real trainer processes on a fresh database:
 * - jobs per minute with 1, 2 and 3 workers on the same batch of tiny jobs (the 1-worker run is the baseline of the ratios);
 * - takeover time: from SIGKILL of the worker holding a job until another worker has leased it, against the lease length.
 * Usage: npm run bench:trainer [-- --jobs 40 --kills 3]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createPrismaClient, createTestDatabase, dropDatabase } from '@tsf/db';
import { AppProcess, FAST_TRAINER_ENV, TrainerPool, waitFor } from '@tsf/platform';
import { JobQueue } from '@tsf/registry';
import { Pool } from 'pg';
import { createTrainerWorkload } from './workload';

const { values: args } = parseArgs({ options: { jobs: { type: 'string', default: '40' }, kills: { type: 'string', default: '3' } } });
const JOBS = Number(args.jobs);
const KILLS = Number(args.kills);
const LEASE_MS = Number(FAST_TRAINER_ENV.TSF_TRAINER_LEASE_MS);

async function main(): Promise<void> {
  const databaseUrl = await createTestDatabase({ migrated: true });
  const prisma = createPrismaClient(databaseUrl);
  const pg = new Pool({ connectionString: databaseUrl, max: 5 });
  const started = new Set<AppProcess>();
  const trainerPool = () =>
    new TrainerPool(async (name, onLine) => {
      const trainer = await AppProcess.start('trainer', { env: { ...FAST_TRAINER_ENV, DATABASE_URL: databaseUrl, TSF_WORKER_ID: name }, onLine, readyTimeoutMs: 180_000 }, name);
      started.add(trainer);
      return trainer;
    });
  try {
    const db = { prisma, pool: pg };
    const queue = new JobQueue(db.prisma, db.pool);
    const allFinished = (ids: number[]) =>
      waitFor('the jobs to finish', async () => {
        const open = await db.prisma.trainingJob.count({ where: { id: { in: ids }, status: { in: ['queued', 'running'] } } });
        return open === 0 ? true : undefined;
      }, 600_000, 50);
    const { quickModelId, slowModelId } = await createTrainerWorkload(prisma, pg);
    console.log(`trainer benchmark: ${JOBS} jobs per run on warm workers (GRU 4 units, lookback 12, horizon 4, 2 epochs, 240 points), wasm, lease ${LEASE_MS} ms`);
    console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (other work on this machine skews absolute figures; compare the ratios)`);

    const rates: number[] = [];
    for (const workers of [1, 2, 3]) {
      const pool = trainerPool();
      await pool.start(Array.from({ length: workers }, (_, i) => `bench-w${i + 1}`));
      // A worker's first jobs are slow (tfjs kernels compile, the JIT warms up): measure warm workers only.
      while ([...pool.workers.keys()].some((name) => pool.registeredBy(name) < 4)) {
        const warmUp: number[] = [];
        for (let i = 0; i < workers; i++) warmUp.push((await queue.enqueue(quickModelId)).id);
        await allFinished(warmUp);
      }
      const started = Date.now();
      const ids: number[] = [];
      for (let i = 0; i < JOBS; i++) ids.push((await queue.enqueue(quickModelId)).id);
      await allFinished(ids);
      const rate = (JOBS / (Date.now() - started)) * 60_000;
      rates.push(rate);
      console.log(`${workers} worker(s): ${rate.toFixed(1)} jobs/min  (×${(rate / rates[0]).toFixed(2)} vs 1 worker)`);
      await pool.stopAll();
    }

    const pool = trainerPool();
    await pool.start(['bench-k1', 'bench-k2']);
    const takeovers: number[] = [];
    for (let k = 0; k < KILLS; k++) {
      const job = await queue.enqueue(slowModelId);
      const running = await waitFor('a worker to train', async () => {
        const current = await queue.get(job.id);
        return (current.progress as { epoch?: number }).epoch && current.leaseOwner ? current : undefined;
      }, 120_000, 50);
      const victim = running.leaseOwner!;
      const killedAt = Date.now();
      await pool.workers.get(victim)!.kill();
      pool.workers.delete(victim);
      await waitFor('the takeover', async () => {
        const current = await queue.get(job.id);
        return current.leaseOwner && current.leaseOwner !== victim ? true : undefined;
      }, 120_000, 20).catch(async (error: Error) => {
        const tail = pool.lines.slice(-20).map(({ worker, line }) => `${worker}: ${line}`);
        throw new Error(`${error.message}\njob: ${JSON.stringify(await queue.get(job.id))}\n${tail.join('\n')}`);
      });
      const takeover = Date.now() - killedAt;
      takeovers.push(takeover);
      console.log(`takeover ${k + 1}: ${takeover} ms after SIGKILL (${(takeover / LEASE_MS).toFixed(2)} × lease)`);
      await queue.requestCancel(job.id);
      await allFinished([job.id]);
      await pool.start([`${victim}-again`]);
    }
    const median = [...takeovers].sort((a, b) => a - b)[Math.floor(takeovers.length / 2)];
    console.log(`takeover median: ${median} ms (${(median / LEASE_MS).toFixed(2)} × the ${LEASE_MS} ms lease; bound: lease + poll ${FAST_TRAINER_ENV.TSF_TRAINER_POLL_MS} ms)`);
    await pool.stopAll();
  } finally {
    await Promise.all([...started].map((trainer) => trainer.stop()));
    await Promise.all([prisma.$disconnect(), pg.end()]);
    await dropDatabase(databaseUrl);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
