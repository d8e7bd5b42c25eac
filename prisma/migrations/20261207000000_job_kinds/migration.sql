-- AlterTable: what a training job does. 'train' fits a new version from the model's data (every job so far);
-- 'update-readout' learns the points after the production version's data into a child version, by recursive least
-- squares (an ESN saved with params.online), without retraining.
ALTER TABLE "training_jobs" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'train',
    ADD CONSTRAINT "training_jobs_kind_known" CHECK ("kind" IN ('train', 'update-readout'));
