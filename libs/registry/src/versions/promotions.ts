import type { Prisma, Promotion, PrismaClient } from '@tsf/db';
import { NotFoundError, PromotionError } from '../errors';
import { lockModel, TRANSACTION_OPTIONS } from '../models/model-lock';
import type { VersionSummary } from './version-store';

export type PromotionReason = 'policy' | 'manual' | 'rollback';

/**
 * Changes of the production version. The previous production version is archived in the same transaction, and each
 * change is recorded with the version it replaced (which is what a rollback goes back to). The partial unique index
 * `model_versions_one_production_per_model` makes a second production version impossible whatever the code does;
 * the model lock makes concurrent promotions of one model run in turn, so each succeeds and the last one wins.
 */
export class Promotions {
  constructor(private readonly prisma: PrismaClient) {}

  promote(versionId: number, reason: PromotionReason, details: Prisma.InputJsonObject = {}): Promise<VersionSummary> {
    return this.prisma.$transaction((tx) => this.promoteIn(tx, versionId, reason, details), TRANSACTION_OPTIONS);
  }

  /** Re-promotes the version that was in production before the current one. */
  rollback(modelId: number): Promise<VersionSummary> {
    return this.prisma.$transaction(async (tx) => {
      await lockModel(tx, modelId);
      const current = await tx.modelVersion.findFirst({ where: { modelId, stage: 'production' }, select: { id: true, version: true } });
      if (!current) throw new PromotionError('the model has no production version to roll back');
      const latest = await tx.promotion.findFirst({ where: { versionId: current.id }, orderBy: { id: 'desc' } });
      if (!latest?.previousVersionId) throw new PromotionError(`version ${current.version} was the first production version; there is nothing to roll back to`);
      return this.promoteIn(tx, latest.previousVersionId, 'rollback', { from: current.version });
    }, TRANSACTION_OPTIONS);
  }

  /** Promotes inside the caller's transaction (a trainer registers and promotes a version in one). */
  async promoteIn(tx: Prisma.TransactionClient, versionId: number, reason: PromotionReason, details: Prisma.InputJsonObject = {}): Promise<VersionSummary> {
    const target = await tx.modelVersion.findUnique({ where: { id: versionId }, select: { modelId: true } });
    if (!target) throw new NotFoundError('version', `no version with id ${versionId}`);
    await lockModel(tx, target.modelId);
    const current = await tx.modelVersion.findFirst({ where: { modelId: target.modelId, stage: 'production' }, select: { id: true } });
    if (current?.id === versionId) return tx.modelVersion.findUniqueOrThrow({ where: { id: versionId }, omit: { artifact: true } });
    if (current) await tx.modelVersion.update({ where: { id: current.id }, data: { stage: 'archived' } });
    const promoted = await tx.modelVersion.update({ where: { id: versionId }, data: { stage: 'production' }, omit: { artifact: true } });
    await tx.promotion.create({ data: { modelId: target.modelId, versionId, previousVersionId: current?.id ?? null, reason, details } });
    return promoted;
  }

  /** A model's production changes, newest first. */
  history(modelId: number, take = 100): Promise<Promotion[]> {
    return this.prisma.promotion.findMany({ where: { modelId }, orderBy: { id: 'desc' }, take });
  }
}
