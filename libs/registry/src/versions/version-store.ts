import { Prisma, type ModelVersion, type PrismaClient, type VersionStage } from '@tsf/db';
import { NotFoundError } from '../errors';
import { lockModel, TRANSACTION_OPTIONS } from '../models/model-lock';
import { ArtifactIntegrityError, type ArtifactStore, InlineArtifactStore, sha256 } from './artifact-store';
import type { Lineage, VersionMetrics } from './version-metrics';

export interface NewVersion {
  modelId: number;
  artifact: Uint8Array;
  metrics: VersionMetrics;
  lineage: Lineage;
}

/** A version without its artifact bytes: what listings and the API return. */
export type VersionSummary = Omit<ModelVersion, 'artifact'>;

/** Artifact bytes stored, ready to be written into a version row. */
export interface StoredArtifact {
  artifact: Uint8Array<ArrayBuffer> | null;
  artifactUri: string | null;
  artifactSha256: string;
}

/** Model versions: immutable artifacts with metrics and lineage, numbered 1, 2, 3… per model. */
export class VersionStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly artifacts: ArtifactStore = new InlineArtifactStore(),
  ) {}

  /** Writes the bytes to the artifact store (inline: nothing to write yet). Content-addressed, so a retry rewrites the same file. */
  async storeArtifact(modelId: number, bytes: Uint8Array): Promise<StoredArtifact> {
    const digest = sha256(bytes);
    const uri = await this.artifacts.put(`model-${modelId}-${digest}`, bytes);
    return { artifact: uri ? null : new Uint8Array(bytes), artifactUri: uri, artifactSha256: digest };
  }

  /** Registers a version outside a training job (imports, tools, tests), at the given stage (not production: see Promotions). */
  async register(version: NewVersion, stage: Exclude<VersionStage, 'production'> = 'candidate'): Promise<VersionSummary> {
    const stored = await this.storeArtifact(version.modelId, version.artifact);
    return this.prisma.$transaction((tx) => this.insert(tx, version, stored, stage, null), TRANSACTION_OPTIONS);
  }

  /** Inserts a version row with the next number; takes the model's lock so concurrent registrations number in turn. */
  async insert(tx: Prisma.TransactionClient, version: NewVersion, stored: StoredArtifact, stage: VersionStage, jobId: number | null): Promise<VersionSummary> {
    await lockModel(tx, version.modelId);
    const { _max } = await tx.modelVersion.aggregate({ where: { modelId: version.modelId }, _max: { version: true } });
    return tx.modelVersion.create({
      data: {
        modelId: version.modelId,
        version: (_max.version ?? 0) + 1,
        stage,
        metrics: version.metrics as unknown as Prisma.InputJsonValue,
        lineage: version.lineage as unknown as Prisma.InputJsonValue,
        ...stored,
        jobId,
      },
      omit: { artifact: true },
    });
  }

  /** The artifact's bytes, checked against the sha256 recorded at registration. */
  async loadArtifact(version: Pick<ModelVersion, 'id' | 'artifactUri' | 'artifactSha256'> & { artifact?: Uint8Array | null }): Promise<Uint8Array> {
    const bytes = version.artifactUri
      ? await this.artifacts.get(version.artifactUri)
      : (version.artifact ?? (await this.prisma.modelVersion.findUniqueOrThrow({ where: { id: version.id }, select: { artifact: true } })).artifact);
    if (!bytes) throw new Error(`version ${version.id} has no artifact`);
    const actual = sha256(bytes);
    if (actual !== version.artifactSha256) throw new ArtifactIntegrityError(version.id, version.artifactSha256, actual);
    return new Uint8Array(bytes);
  }

  production(modelId: number): Promise<ModelVersion | null> {
    return this.prisma.modelVersion.findFirst({ where: { modelId, stage: 'production' } });
  }

  productionSummary(modelId: number): Promise<VersionSummary | null> {
    return this.prisma.modelVersion.findFirst({ where: { modelId, stage: 'production' }, omit: { artifact: true } });
  }

  /** Every production version (one per model at most), newest promotions first; without their artifacts. */
  productionSummaries(): Promise<VersionSummary[]> {
    return this.prisma.modelVersion.findMany({ where: { stage: 'production' }, orderBy: { createdAt: 'desc' }, omit: { artifact: true } });
  }

  get(modelId: number, version: number): Promise<ModelVersion | null> {
    return this.prisma.modelVersion.findUnique({ where: { modelId_version: { modelId, version } } });
  }

  async summary(modelId: number, version: number): Promise<VersionSummary> {
    const found = await this.prisma.modelVersion.findUnique({ where: { modelId_version: { modelId, version } }, omit: { artifact: true } });
    if (!found) throw new NotFoundError('version', `model ${modelId} has no version ${version}`);
    return found;
  }

  /** A model's versions, newest first, without artifact bytes. */
  list(modelId: number): Promise<VersionSummary[]> {
    return this.prisma.modelVersion.findMany({ where: { modelId }, orderBy: { version: 'desc' }, omit: { artifact: true } });
  }
}
