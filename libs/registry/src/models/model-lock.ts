import type { Prisma } from '@tsf/db';

/**
 * Locks a model's row until the transaction ends. Everything that numbers versions or changes the production version
 * takes this lock first, so such changes to one model run one after another (other models are not held up).
 */
export async function lockModel(tx: Prisma.TransactionClient, modelId: number): Promise<void> {
  await tx.$queryRaw`SELECT id FROM models WHERE id = ${modelId} FOR UPDATE`;
}

/** Interactive transactions of the registry: a little more time than Prisma's 5 s default, for a busy machine. */
export const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 30_000 } as const;
