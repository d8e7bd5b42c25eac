-- AlterTable: the levels of a model's quantile head (pinball loss); NULL for a point-forecast model.
ALTER TABLE "models" ADD COLUMN "quantiles" DOUBLE PRECISION[],
    -- Not expressible in schema.prisma: a quantile head has levels in (0, 1), the median among them (the API also
    -- checks they increase; libs/forecasting checks all of it again when it builds the model).
    ADD CONSTRAINT "models_quantiles_levels" CHECK (
        "quantiles" IS NULL
        OR (cardinality("quantiles") >= 1 AND 0 < ALL ("quantiles") AND 1 > ALL ("quantiles") AND 0.5 = ANY ("quantiles"))
    );
