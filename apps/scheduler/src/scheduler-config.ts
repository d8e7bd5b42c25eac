import type { Config } from '@tsf/config';

export type SchedulerConfig = Config<'database' | 'kafka' | 'scheduler' | 'forecasting'>;
export const SCHEDULER_CONFIG = Symbol('SCHEDULER_CONFIG');
