-- AlterTable: retraining state of a model (cron's next firing, points counted towards every-N-points)
ALTER TABLE "models" ADD COLUMN "next_retrain_at" TIMESTAMPTZ(3),
ADD COLUMN "new_points" INTEGER NOT NULL DEFAULT 0;

-- AlterTable: the job that produced a version; when drift was detected on it
ALTER TABLE "model_versions" ADD COLUMN "job_id" INTEGER,
ADD COLUMN "drift_detected_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "promotions" (
    "id" SERIAL NOT NULL,
    "model_id" INTEGER NOT NULL,
    "version_id" INTEGER NOT NULL,
    "previous_version_id" INTEGER,
    "reason" TEXT NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "promotions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "forecast_evaluations" (
    "id" SERIAL NOT NULL,
    "model_id" INTEGER NOT NULL,
    "version_id" INTEGER NOT NULL,
    "series_id" INTEGER NOT NULL,
    "origin_ts" TIMESTAMPTZ(3) NOT NULL,
    "step_ms" DOUBLE PRECISION NOT NULL,
    "predicted" DOUBLE PRECISION[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "evaluated_at" TIMESTAMPTZ(3),
    "matched" INTEGER,
    "mae" DOUBLE PRECISION,
    "rmse" DOUBLE PRECISION,
    "smape" DOUBLE PRECISION,

    CONSTRAINT "forecast_evaluations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "model_versions_job_id_key" ON "model_versions"("job_id");

-- CreateIndex
CREATE INDEX "promotions_model_id_id_idx" ON "promotions"("model_id", "id");

-- CreateIndex
CREATE INDEX "forecast_evaluations_model_id_evaluated_at_idx" ON "forecast_evaluations"("model_id", "evaluated_at");

-- CreateIndex
CREATE INDEX "forecast_evaluations_series_id_evaluated_at_idx" ON "forecast_evaluations"("series_id", "evaluated_at");

-- CreateIndex
CREATE UNIQUE INDEX "forecast_evaluations_version_id_series_id_origin_ts_key" ON "forecast_evaluations"("version_id", "series_id", "origin_ts");

-- At most one scheduled (cron, new points, drift) job queued or running per model, enforced by the database so that
-- any number of schedulers and repeated events never stack jobs (not expressible in schema.prisma). Manual jobs are not limited.
CREATE UNIQUE INDEX "training_jobs_one_active_scheduled_per_model" ON "training_jobs"("model_id")
    WHERE "status" IN ('queued', 'running') AND "reason" <> 'manual';

-- AddForeignKey
ALTER TABLE "promotions" ADD CONSTRAINT "promotions_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "promotions" ADD CONSTRAINT "promotions_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "model_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "promotions" ADD CONSTRAINT "promotions_previous_version_id_fkey" FOREIGN KEY ("previous_version_id") REFERENCES "model_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "forecast_evaluations" ADD CONSTRAINT "forecast_evaluations_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "forecast_evaluations" ADD CONSTRAINT "forecast_evaluations_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "model_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "forecast_evaluations" ADD CONSTRAINT "forecast_evaluations_series_id_fkey" FOREIGN KEY ("series_id") REFERENCES "series"("id") ON DELETE CASCADE ON UPDATE CASCADE;
