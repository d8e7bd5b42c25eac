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
  }),
  ingestor: z.object({
    TSF_INGEST_GROUP_ID: z.string().min(1).default('tsf-ingestor'),
    TSF_INGEST_MAX_MESSAGE_BYTES: positiveInt(1_000_000),
    TSF_INGEST_MAX_POINTS_PER_MESSAGE: positiveInt(100_000),
  }),
  forecasting: z.object({
    TSF_TF_BACKEND: z.enum(['tensorflow', 'wasm', 'cpu']).optional(),
  }),
  api: z.object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
  }),
  trainer: z.object({
    TSF_WORKER_ID: z.string().min(1).optional(),
    TSF_TRAINER_POLL_MS: positiveInt(1000),
    TSF_TRAINER_LEASE_MS: positiveInt(30_000),
  }),
} as const;

export type ConfigSection = keyof typeof configSections;

type UnionToIntersection<U> = (U extends unknown ? (arg: U) => void : never) extends (arg: infer I) => void ? I : never;

/** The typed config for a set of sections, e.g. `Config<'database' | 'kafka'>`. */
export type Config<S extends ConfigSection> = UnionToIntersection<{ [K in S]: z.output<(typeof configSections)[K]> }[S]>;
