-- AlterTable: a model's calendar inputs, read from each step's instant in the series' time zone; {} for none.
ALTER TABLE "models" ADD COLUMN "calendar" TEXT[] NOT NULL DEFAULT '{}',
    -- The API checks the names (each listed once); the database keeps them known ones.
    ADD CONSTRAINT "models_calendar_known" CHECK ("calendar" <@ ARRAY['hourOfDay', 'dayOfWeek', 'month', 'dayOfMonth']::TEXT[]);
