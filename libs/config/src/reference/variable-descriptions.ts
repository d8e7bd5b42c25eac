import type { ConfigSection, configSections } from '../config-schema';

/** Every environment variable the config schema reads, from all sections. */
export type ConfigVariable = { [S in ConfigSection]: keyof (typeof configSections)[S]['shape'] & string }[ConfigSection];

/**
 * What the configuration reference (docs/configuration.md) says about a variable beyond what the schema itself knows.
 * Links are relative to docs/, where the reference lives.
 */
export interface VariableDescription {
  /** What the variable does, for an operator. */
  meaning: string;
  /** What happens when it is unset: required for a variable that is optional without a default. */
  unset?: string;
  /** The accepted values, where the schema alone cannot say it (a list format, a URL scheme). */
  accepts?: string;
}

/** One line per section, shown above its table. */
export const sectionDescriptions: Record<ConfigSection, string> = {
  database: 'The Postgres database that holds series, points, models, versions and the training queue.',
  kafka: 'The Kafka cluster, topics and consumer-group settings of every process that consumes or produces.',
  ingestor: 'The ingestor: points topics and their formats, message limits, throughput, metrics port ([ingestion.md](ingestion.md)).',
  forecasting: 'The TensorFlow.js backend of every process that trains or forecasts.',
  limits:
    'What one training job may cost, estimated from its definition: checked by the API when a job is asked for and by the trainer before it builds the model; more is refused with 422 ([limits.md](limits.md)). The defaults fit the documented trainer pod (4 GiB memory limit, 2 CPUs).',
  api: 'The HTTP API: listening address, API keys, rate and work limits, caches, the dashboard ([api.md](api.md)).',
  trainer: 'Trainer workers: the job queue, leases, retries, artifacts ([registry-and-trainers.md](registry-and-trainers.md#trainer-workers)).',
  scheduler: 'The scheduler: its consumer group on the series events and its cron clock ([registry-and-trainers.md](registry-and-trainers.md#scheduling-appsscheduler)).',
};

/** The meaning of every variable; the compiler (and libs/config's spec) refuse a variable without one. */
export const variableDescriptions: { [V in ConfigVariable]: VariableDescription } = {
  DATABASE_URL: {
    meaning: 'Connection URL of the Postgres database.',
    accepts: '`postgresql://…` or `postgres://…` URL',
  },

  KAFKA_BROKERS: {
    meaning: 'The Kafka brokers to bootstrap from.',
    accepts: '`host:port`, comma-separated',
  },
  KAFKA_CLIENT_ID: { meaning: 'Client id the kafkajs clients send to the brokers.' },
  TSF_TOPIC_POINTS: {
    meaning:
      'The points topic, in the JSON contract ([ingestion.md](ingestion.md#points-message-contract)) unless `TSF_INGEST_FORMATS` lists it with another format.',
  },
  TSF_TOPIC_DLQ: { meaning: 'The dead-letter topic: rejected messages with their original key and bytes and the reason.' },
  TSF_TOPIC_SERIES_EVENTS: {
    meaning: 'The topic of `series.updated` events (points count and time range per series and batch): the ingestor publishes them, the scheduler consumes them.',
  },
  KAFKA_SESSION_TIMEOUT_MS: { meaning: "A consumer-group member that misses heartbeats this long leaves the group; 6 s is Kafka's minimum." },
  KAFKA_MAX_WAIT_MS: { meaning: 'How long a broker may hold an empty fetch.' },
  KAFKA_LEADER_SYNC_DELAY_MS: { meaning: "The group leader's pause before assigning partitions (`libs/kafka`, round-robin assigner)." },
  KAFKA_COMPRESSION: {
    meaning:
      "Codec of the record batches the platform produces: the ingestor's dead letters and events, the demo and bench producers. Every codec is read whatever it says. `none` by default: those topics carry little, and kafkajs consumers outside the platform read only none and gzip ([kafka-codecs.md](kafka-codecs.md)).",
  },

  TSF_INGEST_GROUP_ID: { meaning: 'Consumer group of the ingestors.' },
  TSF_INGEST_MAX_MESSAGE_BYTES: { meaning: 'Largest message the ingestor accepts; a bigger one is dead-lettered as `too_large`.' },
  TSF_INGEST_MAX_POINTS_PER_MESSAGE: { meaning: 'Most points in one message; more is dead-lettered as `too_many_points`.' },
  TSF_INGEST_CONCURRENCY: {
    meaning:
      'Batches (partitions) one ingestor writes at once, over as many connections: parsing one batch overlaps writing others ([ingestion.md](ingestion.md#the-ingestor), *Backpressure*).',
  },
  TSF_INGEST_FETCH_PARTITION_BYTES: {
    meaning:
      'Most bytes one fetch takes from a partition (a record batch bigger than this still comes whole); a fetch takes at most 10× this from a broker.',
  },
  TSF_INGEST_FORMATS: {
    meaning:
      'More points topics and their formats, e.g. `telegraf=influx-line,sensors=avro`; the ingestor consumes them all besides `TSF_TOPIC_POINTS` (JSON unless listed here) ([ingestion-formats.md](ingestion-formats.md)).',
    accepts: '`topic=json`, `topic=influx-line` or `topic=avro`, comma-separated, each topic once',
  },
  TSF_SCHEMA_REGISTRY_URL: {
    meaning: 'Base URL of the Confluent Schema Registry; required (checked at start) when a topic of `TSF_INGEST_FORMATS` is `avro`.',
    unset: 'none (no topic may be `avro`)',
  },
  TSF_INGEST_LINE_PRECISION: { meaning: 'Unit of line-protocol timestamps; Telegraf writes nanoseconds.' },
  TSF_INGEST_LINE_KEY_TAGS: {
    meaning: 'Which tags of a line-protocol line make its series key: `*`, every tag; otherwise the listed tags, in that order.',
    accepts: '`*` or tag names, comma-separated',
  },
  TSF_METRICS_PORT: {
    meaning:
      'Port of the process\'s `GET /metrics`, `/health/live` and `/health/ready` ([health.md](health.md)); 0 picks any free port and logs it at start: set one in production, e.g. 9464.',
  },

  TSF_TF_BACKEND: {
    meaning: 'The TensorFlow.js backend to use; a backend named here that cannot load stops the process.',
    unset: 'the best available: `tfjs-node-gpu` > `tfjs-node` > wasm > cpu',
  },

  TSF_MAX_MODEL_PARAMS: {
    meaning: "Most trainable parameters of a model: 20 million are 80 MB of weights, 1.5 GB at a training step's peak (19 weight-sized copies).",
  },
  TSF_MAX_TRAINING_MEMORY_MB: {
    meaning: "Most estimated training memory of one job (weights, optimizer state, one batch's activations, the training windows): by default half the trainer pod.",
  },
  TSF_MAX_JOB_SECONDS: {
    meaning:
      "Most estimated seconds of one job's training (all epochs) on the trainer's CPU backend; a job still running after this long is stopped and `cancelled`, not retried.",
  },

  PORT: { meaning: 'Port the API listens on.' },
  HOST: { meaning: 'Address the API listens on.' },
  TSF_API_REQUIRE_READ_KEY: { meaning: 'Reads need a key with the `read` scope (writes always need one).' },
  TSF_API_RATE_LIMIT: {
    meaning: 'Requests/s per key (per client address without one), per process; beyond the burst, 429 with `Retry-After`.',
  },
  TSF_API_RATE_BURST: { meaning: 'Burst of requests per key (per client address without one), per process.' },
  TSF_API_COST_LIMIT: {
    meaning: 'Work units/s per key (per client address without one), per process; a unit is one forecast value or one point written.',
  },
  TSF_API_COST_BURST: {
    meaning:
      'Burst of work units per key (per client address without one), per process; the burst is also the most one request may cost (the default: 25 forecasts × horizon 1000 × 3 quantiles, about 4 MB of JSON).',
  },
  TSF_API_MAX_FORECAST_VALUES: {
    meaning: 'Most values (horizon × (1 + quantile levels), summed over a batch) in one forecast response; more is refused with 422 before any work.',
  },
  TSF_API_AUTH_FAILURE_LIMIT: {
    meaning: 'Failed authentications/s per client address, per process (checked before the key lookup); beyond the burst, 429.',
  },
  TSF_API_AUTH_FAILURE_BURST: { meaning: 'Burst of failed authentications per client address, per process.' },
  TSF_API_KEY_NEGATIVE_CACHE_MS: { meaning: 'How long an unknown key id is remembered as unknown (no database lookup).' },
  TSF_API_BODY_LIMIT_BYTES: { meaning: 'Largest request body; larger bodies get 413.' },
  TSF_API_HISTORY_TTL_MS: {
    meaning:
      "How long a series' recent points are reused for forecasts (0: read per forecast); points posted through the process drop them at once, points from Kafka are seen within this.",
  },
  TSF_API_MODEL_CACHE_SIZE: { meaning: 'Most loaded versions (forecasters) kept per process; an evicted one is disposed once the forecasts using it are done.' },
  TSF_API_MODEL_CACHE_BYTES: {
    meaning:
      'Most bytes of weights (float32) the loaded versions hold together per process; beyond it the least recently used are evicted. Production versions are loaded at start and on promotion, up to this budget.',
  },
  TSF_API_PREDICT_BATCH: { meaning: 'Most forecasts of one version in one forward pass.' },
  TSF_API_KEY_CACHE_MS: { meaning: 'How long a verified key is trusted before it is read again (revocations reach every process at once anyway).' },
  TSF_MIN_CRON_INTERVAL_SECONDS: {
    meaning: 'A retraining cron whose firings come closer than this (a per-second one) gets 422; each firing queues a training job.',
  },
  TSF_DASHBOARD_INGESTORS: {
    meaning: "The ingestors' `/metrics` URLs, read by the dashboard's ingestion page (none: the page says so).",
    accepts: 'URLs, comma-separated',
  },
  TSF_STALE_AFTER_STEPS: {
    meaning:
      "A series is stale when its last point is more than this many steps of its frequency old, counted on its grid (calendar steps in its time zone): `stale` in `GET /v1/series` and `GET /v1/series/:key`, the dashboard's series pages, and the `tsf_series_stale` gauge ([api.md](api.md#staleness)).",
  },

  TSF_WORKER_ID: {
    meaning: 'Name of the worker in job leases, progress and version lineage.',
    unset: '`<hostname>-<pid>`',
  },
  TSF_TRAINER_POLL_MS: { meaning: 'How long a worker that found no due job waits before polling the queue again.' },
  TSF_TRAINER_LEASE_MS: {
    meaning:
      "Lease on a claimed job, renewed every third of it and after every epoch; a killed worker's job is picked up again once it expires: a shorter lease means faster takeover and more heartbeat writes.",
  },
  TSF_TRAINER_LIVENESS_WINDOW_MS: { meaning: 'The worker is not live (`/health/live` 503) once its loop has neither polled nor reported job progress this long.' },
  TSF_TRAINER_BACKOFF_BASE_MS: { meaning: 'Retry delay after failed attempt n is min(cap, base × 2^(n-1)): the base.' },
  TSF_TRAINER_BACKOFF_CAP_MS: { meaning: 'Retry delay after failed attempt n is min(cap, base × 2^(n-1)): the cap.' },
  TSF_TRAINER_STOP_GRACE_MS: {
    meaning: 'A stopped job (cancel, time limit, shutdown) ends at its next epoch; its training process is killed if it has not within this.',
  },
  TSF_ARTIFACT_DIR: {
    meaning: 'Store new model artifacts as files in this directory (a volume shared by trainers and API) instead of in Postgres.',
    unset: 'artifacts in Postgres',
  },

  TSF_SCHEDULER_GROUP_ID: { meaning: 'Consumer group of the schedulers on `TSF_TOPIC_SERIES_EVENTS`.' },
  TSF_SCHEDULER_TICK_MS: { meaning: 'How often cron policies are checked.' },
};
