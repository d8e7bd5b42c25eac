export { type BackoffOptions, JobQueue, type JobProgress } from './jobs/job-queue';
export { ModelConflictError, ModelStore, trainingOptionsOf } from './models/model-store';
export { ArtifactIntegrityError, type ArtifactStore, FileArtifactStore, InlineArtifactStore, sha256 } from './versions/artifact-store';
export { type Lineage, type NewVersion, VersionStore } from './versions/version-store';
export { RegistryModule } from './nest/registry.module';
