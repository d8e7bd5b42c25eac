-- AlterTable: a model's transforms (log, scale, level), as its definition gave them; NULL for the default ({ scale: 'standard' }).
ALTER TABLE "models" ADD COLUMN "transforms" JSONB,
    -- The API and libs/forecasting check the fields; the database keeps it an object.
    ADD CONSTRAINT "models_transforms_object" CHECK ("transforms" IS NULL OR jsonb_typeof("transforms") = 'object');
