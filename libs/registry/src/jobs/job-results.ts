import type { PrismaClient } from '@tsf/db';
import { lockModel, TRANSACTION_OPTIONS } from '../models/model-lock';
import type { Promotions } from '../versions/promotions';
import type { NewVersion, VersionSummary, VersionStore } from '../versions/version-store';

/** What a finished training job hands in: the version, whose metrics carry the champion/challenger decision. */
export class JobResults {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly versions: VersionStore,
    private readonly promotions: Promotions,
  ) {}

  /**
   * Registers the version a job produced, applies its promotion decision and marks the job succeeded, in one
   * transaction and only while `workerId` still holds the job's lease: a worker whose job was taken over registers
   * nothing, so a job yields at most one version (the unique `model_versions.job_id` says the same in the database).
   * When the production version changed while the challenger was being evaluated, the decision is void: staging.
   * Null when the lease was lost.
   */
  async complete(jobId: number, workerId: string, version: NewVersion): Promise<VersionSummary | null> {
    const stored = await this.versions.storeArtifact(version.modelId, version.artifact);
    return this.prisma.$transaction(async (tx) => {
      await lockModel(tx, version.modelId);
      const owned = await tx.$queryRaw<{ id: number }[]>`
        SELECT id FROM training_jobs WHERE id = ${jobId} AND lease_owner = ${workerId} AND status = 'running' FOR UPDATE`;
      if (owned.length === 0) return null;

      const decision = version.metrics.promotion;
      const production = await tx.modelVersion.findFirst({ where: { modelId: version.modelId, stage: 'production' }, select: { version: true } });
      if (decision.stage === 'production' && (production?.version ?? null) !== (decision.champion?.version ?? null)) {
        decision.stage = 'staging';
        decision.reason = `production changed to ${production ? `v${production.version}` : 'none'} during evaluation (was: ${decision.reason})`;
      }
      let registered = await this.versions.insert(tx, version, stored, 'staging', jobId);
      if (decision.stage === 'production') registered = await this.promotions.promoteIn(tx, registered.id, 'policy', { reason: decision.reason, jobId });
      await tx.trainingJob.update({
        where: { id: jobId },
        data: { status: 'succeeded', versionId: registered.id, finishedAt: new Date(), leaseOwner: null, leaseExpiresAt: null },
      });
      return registered;
    }, TRANSACTION_OPTIONS);
  }
}
