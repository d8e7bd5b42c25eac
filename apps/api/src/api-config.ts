import { type Config, loadConfig } from '@tsf/config';

/** The API's configuration. It has no Kafka section: the API neither reads nor writes Kafka. */
export type ApiConfig = Config<'database' | 'api' | 'forecasting' | 'limits'>;

export const API_CONFIG = Symbol('API_CONFIG');

export function loadApiConfig(env: Record<string, string | undefined> = process.env): ApiConfig {
  return loadConfig(['database', 'api', 'forecasting', 'limits'], env);
}
