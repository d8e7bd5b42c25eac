import type { Config } from '@tsf/config';
import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import { registerCodecs } from './codecs/register-codecs';

export type KafkaConfig = Config<'kafka'>;

/** kafkajs' logs routed into a service's own logger (level names as kafkajs uses them). */
export type KafkaLog = (level: 'error' | 'warn' | 'info' | 'debug', message: string, extra: Record<string, unknown>) => void;

const LEVEL_NAMES = { [logLevel.ERROR]: 'error', [logLevel.WARN]: 'warn', [logLevel.INFO]: 'info', [logLevel.DEBUG]: 'debug' } as const;

/**
 * The one place a kafkajs client is built: brokers and client id from config, retries that outlast a broker restart,
 * and every Kafka codec registered (kafkajs ships only gzip), so no process of the platform dies on a compressed batch.
 */
export function createKafka(config: KafkaConfig, log?: KafkaLog, clientIdSuffix = ''): Kafka {
  registerCodecs();
  return new Kafka({
    clientId: `${config.KAFKA_CLIENT_ID}${clientIdSuffix}`,
    brokers: config.KAFKA_BROKERS,
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 200, maxRetryTime: 5000, retries: 10 },
    logLevel: log ? logLevel.WARN : logLevel.NOTHING,
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...extra } = entry;
        log?.(LEVEL_NAMES[level as keyof typeof LEVEL_NAMES] ?? 'info', message, extra);
      },
  });
}
