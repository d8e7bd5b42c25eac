import { Prisma, type ModelVersion, type PrismaClient } from '@tsf/db';
import { ArtifactIntegrityError, type ArtifactStore, InlineArtifactStore, sha256 } from './artifact-store';

export interface Lineage {
  dataFrom: string;
  dataTo: string;
  pointCount: number;
  params: Record<string, unknown>;
  backend: string;
  trainingMs: number;
  codeVersion: string;
  parentVersion: number | null;
  jobId: number | null;
}

export interface NewVersion {
  modelId: number;
  artifact: Uint8Array;
  metrics: Record<string, number>;
  lineage: Lineage;
}

/** Model versions: immutable artifacts with metrics and lineage, numbered 1, 2, 3… per model. */
export class VersionStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly artifacts: ArtifactStore = new InlineArtifactStore(),
  ) {}

  /** Registers a candidate with the next version number (retrying if another worker took that number). */
  async register(version: NewVersion): Promise<ModelVersion> {
    const digest = sha256(version.artifact);
    for (let attempt = 0; ; attempt++) {
      const latest = await this.prisma.modelVersion.findFirst({ where: { modelId: version.modelId }, orderBy: { version: 'desc' } });
      const number = (latest?.version ?? 0) + 1;
      const uri = await this.artifacts.put(`model-${version.modelId}-v${number}-${digest.slice(0, 12)}`, version.artifact);
      try {
        return await this.prisma.modelVersion.create({
          data: {
            modelId: version.modelId,
            version: number,
            metrics: version.metrics,
            lineage: version.lineage as unknown as Prisma.InputJsonValue,
            artifact: uri ? null : Buffer.from(version.artifact),
            artifactUri: uri,
            artifactSha256: digest,
          },
        });
      } catch (error) {
        if (attempt < 5 && error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') continue;
        throw error;
      }
    }
  }

  /** The artifact's bytes, checked against the sha256 recorded at registration. */
  async loadArtifact(version: Pick<ModelVersion, 'id' | 'artifact' | 'artifactUri' | 'artifactSha256'>): Promise<Uint8Array> {
    const bytes = version.artifactUri ? await this.artifacts.get(version.artifactUri) : version.artifact;
    if (!bytes) throw new Error(`version ${version.id} has no artifact`);
    const actual = sha256(bytes);
    if (actual !== version.artifactSha256) throw new ArtifactIntegrityError(version.id, version.artifactSha256, actual);
    return new Uint8Array(bytes);
  }

  production(modelId: number): Promise<ModelVersion | null> {
    return this.prisma.modelVersion.findFirst({ where: { modelId, stage: 'production' } });
  }

  get(modelId: number, version: number): Promise<ModelVersion | null> {
    return this.prisma.modelVersion.findUnique({ where: { modelId_version: { modelId, version } } });
  }

  /**
   * Makes a version the production one, archiving the previous production version, in one transaction.
   * The partial unique index guarantees one production version per model even under concurrent promotions.
   */
  async promote(versionId: number): Promise<ModelVersion> {
    return this.prisma.$transaction(async (tx) => {
      const target = await tx.modelVersion.findUniqueOrThrow({ where: { id: versionId } });
      await tx.modelVersion.updateMany({ where: { modelId: target.modelId, stage: 'production', NOT: { id: versionId } }, data: { stage: 'archived' } });
      return tx.modelVersion.update({ where: { id: versionId }, data: { stage: 'production' } });
    });
  }
}
