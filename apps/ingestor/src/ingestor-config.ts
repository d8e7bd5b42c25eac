import type { Config } from '@tsf/config';

export type IngestorConfig = Config<'database' | 'kafka' | 'ingestor'>;

export const INGESTOR_CONFIG = Symbol('INGESTOR_CONFIG');
