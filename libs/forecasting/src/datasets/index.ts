export { DatasetError } from './dataset-error';
export { m4FileFrequency, readM4, type M4Series, type M4ReadOptions } from './m4';
export { readWideCsv, type WideTable, type WideReadOptions } from './wide';
export { readLongCsv, type LongSeries, type LongReadOptions } from './long';
export { ettHourlySplit, ETT_HOURLY_SPLIT, type EttSplit, type EttSplitOptions } from './ett';
export { SHARED_DATA_DIR } from './shared-data-dir';
