export { ModelConflictError, ModelDefinitionError, NotFoundError, PromotionError } from './errors';
export { type BackoffOptions, JobQueue, type JobProgress, type ScheduledReason } from './jobs/job-queue';
export { JobResults } from './jobs/job-results';
export { forecasterSpecOf, ModelStore } from './models/model-store';
export { gridPolicyOf } from './models/grid-policy';
export { fitOptionsOf, type ResolvedTrainingOptions, trainingOptionsOf } from './models/training-options';
export { nextCronRun, policyOf } from './models/retraining-policy';
export { ArtifactIntegrityError, type ArtifactStore, FileArtifactStore, InlineArtifactStore, sha256 } from './versions/artifact-store';
export { ForecasterCache } from './versions/forecaster-cache';
export { type PromotionReason, Promotions } from './versions/promotions';
export type { AutoCandidateSummary, AutoTrainingSummary, GridLineage, GridReadCounts, Lineage, MemberTrainingSummary, TrainingSummary, VersionMetrics } from './versions/version-metrics';
export { type NewVersion, type VersionSummary, VersionStore } from './versions/version-store';
export { decidePromotion, type PromotionDecision } from './promotion/champion-challenger';
export { type HoldoutForecaster, type HoldoutScore, type HoldoutSeries, scoreOnHoldout } from './promotion/holdout';
export { type AccuracyPoint, ForecastEvaluations, type IssueReport } from './evaluation/forecast-evaluations';
export { actualsOfSteps, forecastToStore, seriesStepMs, storedForecastSteps } from './evaluation/series-step';
export { type DriftCheck, DriftMonitor } from './scheduling/drift-monitor';
export { newPointsJobKind, readoutUpdatable } from './scheduling/new-points-job';
export { RetrainingTriggers, type TriggeredJob } from './scheduling/retraining-triggers';
export { type ModelOverview, ModelRegistry } from './model-registry';
export { RegistryModule, type RegistryOptions } from './nest/registry.module';
export {
  type Admission,
  type AdmissionConfig,
  type AdmissionLimit,
  type AdmissionLimits,
  admissionLimitsFrom,
  admitTraining,
  SERIES_DATA_SHARE,
  seriesDataBudgetBytes,
  type TrainingDefinition,
  type TrainingEstimate,
  windowsPerEpochOf,
} from './admission/training-admission';
export { admitReadoutUpdate } from './admission/readout-update-admission';
export { TRAINING_THROUGHPUT, trainingSeconds } from './admission/training-throughput';
export { TrainingWindows, type WindowSource } from './admission/training-windows';
