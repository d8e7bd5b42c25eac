-- AlterTable: how a model reads its series on their grid ({ aggregate, maxGap }), as its definition gave it; NULL for the default.
ALTER TABLE "models" ADD COLUMN "grid" JSONB,
    -- The API checks the fields; the database keeps it an object.
    ADD CONSTRAINT "models_grid_object" CHECK ("grid" IS NULL OR jsonb_typeof("grid") = 'object');
