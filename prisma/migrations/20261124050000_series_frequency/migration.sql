-- AlterTable: a series' declared frequency (NULL: none declared, the API infers one from the timestamps) and the time
-- zone its daily and longer steps are aligned in.
ALTER TABLE "series" ADD COLUMN "frequency" TEXT,
    ADD COLUMN "time_zone" TEXT NOT NULL DEFAULT 'UTC',
    -- <n><unit>, n 1-999: the syntax of libs/contracts' frequencySchema and libs/forecasting's parseFrequency.
    ADD CONSTRAINT "series_frequency_syntax" CHECK ("frequency" IS NULL OR "frequency" ~ '^[1-9][0-9]{0,2}(s|m|h|d|w|M|Q|Y)$'),
    -- The shape of an IANA name; that Intl knows the zone is checked by the API (the database's zone list may differ).
    ADD CONSTRAINT "series_time_zone_name" CHECK ("time_zone" ~ '^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+){0,2}$' AND char_length("time_zone") <= 64);
