-- AlterTable: a global model's learned vectors per series key and label value ({ series?, labels? } sizes), as its definition gave them; NULL for none.
ALTER TABLE "models" ADD COLUMN "embeddings" JSONB,
    -- The API and libs/forecasting check the fields; the database keeps it an object.
    ADD CONSTRAINT "models_embeddings_object" CHECK ("embeddings" IS NULL OR jsonb_typeof("embeddings") = 'object');
