-- AlterTable: the holidays a model's 'holiday' calendar input reads, local dates (YYYY-MM-DD) in the series' time zone; {} for none.
ALTER TABLE "models" ADD COLUMN "holidays" TEXT[] NOT NULL DEFAULT '{}',
    -- The API checks the dates (each one that exists, listed once); the database keeps their shape.
    ADD CONSTRAINT "models_holidays_dates" CHECK (array_to_string("holidays", ',') ~ '^([0-9]{4}-[0-9]{2}-[0-9]{2}(,|$))*$'),
    DROP CONSTRAINT "models_calendar_known",
    ADD CONSTRAINT "models_calendar_known" CHECK ("calendar" <@ ARRAY['hourOfDay', 'dayOfWeek', 'month', 'dayOfMonth', 'holiday']::TEXT[]);
