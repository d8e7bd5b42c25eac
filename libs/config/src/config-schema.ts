import { z } from 'zod';

const brokerList = z
  .string()
  .min(1)
  .transform((value) => value.split(',').map((broker) => broker.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port[,host:port...]')).min(1));

const postgresUrl = z
  .string()
  .url()
  .refine((url) => /^postgres(ql)?:\/\//.test(url), 'expected a postgresql:// URL');

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Port of the app's `GET /metrics` (TSF_METRICS_PORT); 0 picks a free port and logs it (set a fixed one in production). */
const metricsPort = z.coerce.number().int().min(0).max(65535).default(0);

/** Comma-separated URLs; unset or empty: none. */
const urlList = z
  .string()
  .default('')
  .transform((text) => text.split(',').map((url) => url.trim()).filter((url) => url !== ''))
  .pipe(z.array(z.url()));

const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { message: 'expected true, false, 1 or 0' })
    .transform((value) => value === 'true' || value === '1')
    .default(fallback);

/** Kafka's own rule for topic names. */
const kafkaTopic = z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, 'a topic name is 1-249 letters, digits, . _ or -');

/** `topic=format,…` (docs/ingestion-formats.md), each topic once; unset or empty: none. */
const topicFormats = z
  .string()
  .default('')
  .transform((text) =>
    text
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '')
      .map((entry) => ({ topic: entry.split('=')[0].trim(), format: entry.includes('=') ? entry.slice(entry.indexOf('=') + 1).trim() : undefined })),
  )
  .pipe(
    z
      .array(z.object({ topic: kafkaTopic, format: z.enum(['json', 'influx-line', 'avro'], { message: 'expected topic=json, topic=influx-line or topic=avro' }) }))
      .refine((entries) => new Set(entries.map((entry) => entry.topic)).size === entries.length, 'a topic is listed twice'),
  );

/** `*`: every tag of a line is part of its series key; otherwise the listed tags, in that order. */
const lineKeyTags = z
  .string()
  .default('*')
  .transform((text) => (text.trim() === '*' ? ('all' as const) : text.split(',').map((tag) => tag.trim()).filter((tag) => tag !== '')))
  .pipe(z.union([z.literal('all'), z.array(z.string()).min(1, 'expected * or tag names, comma-separated')]));

/** Each section names the environment variables it reads; an app loads only the sections it uses. */
export const configSections = {
  database: z.object({
    DATABASE_URL: postgresUrl,
  }),
  kafka: z.object({
    KAFKA_BROKERS: brokerList,
    KAFKA_CLIENT_ID: z.string().min(1).default('tsf'),
    TSF_TOPIC_POINTS: z.string().min(1).default('tsf.points'),
    TSF_TOPIC_DLQ: z.string().min(1).default('tsf.points.dlq'),
    TSF_TOPIC_SERIES_EVENTS: z.string().min(1).default('tsf.series-events'),
    /** A member that misses heartbeats this long leaves the group; 6 s is Kafka's minimum. */
    KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6000).max(300_000).default(10_000),
    /** How long a broker may hold an empty fetch. */
    KAFKA_MAX_WAIT_MS: z.coerce.number().int().min(10).max(10_000).default(500),
    /** The group leader's pause before assigning partitions (see libs/kafka round-robin-assigner). */
    KAFKA_LEADER_SYNC_DELAY_MS: z.coerce.number().int().min(0).max(10_000).default(0),
    /**
     * Codec of the record batches the platform produces (dead letters, series events, demo and bench producers); any
     * codec is read whatever this says. none by default: those topics carry little, and kafkajs consumers outside the
     * platform read only none and gzip (docs/kafka-codecs.md).
     */
    KAFKA_COMPRESSION: z.enum(['none', 'gzip', 'snappy', 'lz4', 'zstd']).default('none'),
  }),
  ingestor: z.object({
    TSF_INGEST_GROUP_ID: z.string().min(1).default('tsf-ingestor'),
    TSF_INGEST_MAX_MESSAGE_BYTES: positiveInt(1_000_000),
    TSF_INGEST_MAX_POINTS_PER_MESSAGE: positiveInt(100_000),
    /** Partitions one ingestor processes at once: parsing one batch overlaps writing another. */
    TSF_INGEST_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(3),
    /** Most bytes one fetch takes from a partition (a record batch bigger than this still comes whole); a fetch takes at most 10×. */
    TSF_INGEST_FETCH_PARTITION_BYTES: positiveInt(1024 * 1024),
    /** Format of each points topic besides TSF_TOPIC_POINTS (json unless listed); the ingestor consumes them all. */
    TSF_INGEST_FORMATS: topicFormats,
    /** Schema Registry base URL; required (checked at start) when a topic's format is avro. */
    TSF_SCHEMA_REGISTRY_URL: z.url().optional(),
    /** Unit of line-protocol timestamps; Telegraf writes nanoseconds. */
    TSF_INGEST_LINE_PRECISION: z.enum(['ns', 'us', 'ms', 's']).default('ns'),
    TSF_INGEST_LINE_KEY_TAGS: lineKeyTags,
    TSF_METRICS_PORT: metricsPort,
  }),
  forecasting: z.object({
    TSF_TF_BACKEND: z.enum(['tensorflow', 'wasm', 'cpu']).optional(),
  }),
  /**
   * What one training job may cost, checked by the API when a job is asked for and by the trainer before it builds the
   * model (libs/registry admission). The defaults fit the documented trainer pod (4 GiB memory limit, 2 CPUs).
   */
  limits: z.object({
    /** Most trainable parameters of a model: 20 million are 80 MB of weights, 1.5 GB at a training step's peak (19 weight-sized copies). */
    TSF_MAX_MODEL_PARAMS: positiveInt(20_000_000),
    /** Most estimated training memory of one job (weights, optimizer state, one batch's activations, the training windows): half the trainer pod. */
    TSF_MAX_TRAINING_MEMORY_MB: positiveInt(2048),
    /** Most estimated seconds of one job's training (all epochs) on the trainer's CPU backend. */
    TSF_MAX_JOB_SECONDS: positiveInt(3600),
  }),
  api: z.object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    /** Reads need a key with the `read` scope too (writes always need a key). */
    TSF_API_REQUIRE_READ_KEY: flag(false),
    /** Rate limit per API key (per client address without a key), per API process: sustained requests/s and burst. */
    TSF_API_RATE_LIMIT: positiveInt(100),
    TSF_API_RATE_BURST: positiveInt(200),
    /**
     * Work limit per key (per client address without one), per API process, in cost units: one unit is one value a
     * forecast computes and serializes, or one point written. Sustained units/s and burst; the burst (25 forecasts ×
     * horizon 1000 × 3 quantiles, about 4 MB of JSON) is also the most one request may cost.
     */
    TSF_API_COST_LIMIT: positiveInt(100_000),
    TSF_API_COST_BURST: positiveInt(100_000),
    /** Most values (point forecasts plus quantiles) one forecast response may hold; more is refused (422) before any work. */
    TSF_API_MAX_FORECAST_VALUES: positiveInt(100_000),
    /** Failed authentications per client address, per API process: sustained failures/s and burst; beyond, 429 before any key lookup. */
    TSF_API_AUTH_FAILURE_LIMIT: positiveInt(10),
    TSF_API_AUTH_FAILURE_BURST: positiveInt(20),
    /** How long an unknown key id is remembered as unknown, so that repeating it costs no database lookup. */
    TSF_API_KEY_NEGATIVE_CACHE_MS: positiveInt(5_000),
    /** Largest request body; bigger ones get 413. */
    TSF_API_BODY_LIMIT_BYTES: positiveInt(1_000_000),
    /** How long a series' recent history is reused for forecasts (0: read it for every forecast). */
    TSF_API_HISTORY_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
    /** Most forecasters kept loaded, one per model version. */
    TSF_API_MODEL_CACHE_SIZE: positiveInt(10_000),
    /** Most bytes of weights the loaded forecasters hold together (float32); the least recently used are evicted first. */
    TSF_API_MODEL_CACHE_BYTES: positiveInt(256 * 1024 * 1024),
    /** Most forecasts of one model version run in one forward pass. */
    TSF_API_PREDICT_BATCH: positiveInt(64),
    /** How long a verified API key is trusted before it is read again (revocations reach every process at once anyway). */
    TSF_API_KEY_CACHE_MS: positiveInt(60_000),
    /** Shortest time between two firings of a retraining cron the API accepts (each firing queues a training job); at most a day. */
    TSF_MIN_CRON_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
    /** The ingestors' /metrics URLs the dashboard's ingestion page reads (none: the page says so). */
    TSF_DASHBOARD_INGESTORS: urlList,
    /** A series whose last point is more than this many steps of its frequency old is stale (GET /v1/series, tsf_series_stale, dashboard). */
    TSF_STALE_AFTER_STEPS: z.coerce.number().int().min(1).max(100_000).default(3),
  }),
  trainer: z.object({
    TSF_WORKER_ID: z.string().min(1).optional(),
    TSF_TRAINER_POLL_MS: positiveInt(1000),
    TSF_TRAINER_LEASE_MS: positiveInt(30_000),
    /** The worker is not live (/health/live 503) once its loop has neither polled nor reported job progress for this long; longer than an epoch. */
    TSF_TRAINER_LIVENESS_WINDOW_MS: positiveInt(600_000),
    /** Retry delay after failed attempt n: min(cap, base × 2^(n-1)). */
    TSF_TRAINER_BACKOFF_BASE_MS: positiveInt(5_000),
    TSF_TRAINER_BACKOFF_CAP_MS: positiveInt(300_000),
    /** A stopped job (cancel, time limit, shutdown) ends at its next epoch; its training process is killed if it has not within this. */
    TSF_TRAINER_STOP_GRACE_MS: positiveInt(5_000),
    /** Store new model artifacts as files in this directory (shared with the API) instead of in Postgres. */
    TSF_ARTIFACT_DIR: z.string().min(1).optional(),
    TSF_METRICS_PORT: metricsPort,
  }),
  scheduler: z.object({
    TSF_SCHEDULER_GROUP_ID: z.string().min(1).default('tsf-scheduler'),
    /** How often cron policies are checked. */
    TSF_SCHEDULER_TICK_MS: positiveInt(1000),
    TSF_METRICS_PORT: metricsPort,
  }),
} as const;

export type ConfigSection = keyof typeof configSections;

type UnionToIntersection<U> = (U extends unknown ? (arg: U) => void : never) extends (arg: infer I) => void ? I : never;

/** The typed config for a set of sections, e.g. `Config<'database' | 'kafka'>`. */
export type Config<S extends ConfigSection> = UnionToIntersection<{ [K in S]: z.output<(typeof configSections)[K]> }[S]>;
