import { type Config, loadConfig } from '@tsf/config';

/** The API's configuration; Kafka (for the readiness check) only when KAFKA_BROKERS is set. */
export type ApiConfig = Config<'database' | 'api' | 'forecasting'> & Partial<Config<'kafka'>>;

export const API_CONFIG = Symbol('API_CONFIG');

export function loadApiConfig(env: Record<string, string | undefined> = process.env): ApiConfig {
  return env.KAFKA_BROKERS ? loadConfig(['database', 'api', 'forecasting', 'kafka'], env) : loadConfig(['database', 'api', 'forecasting'], env);
}
