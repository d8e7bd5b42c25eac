import { resolve } from 'node:path';

/**
 * The shared, read-only data sets (ETT, M4) of tests, benchmarks and examples: `../shared/data` beside the repository
 * root, or TSF_DATA_DIR. Never copied into the repository.
 */
export const SHARED_DATA_DIR = process.env.TSF_DATA_DIR ?? resolve(__dirname, '../../../../../shared/data');
