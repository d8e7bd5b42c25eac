export { CONTAINER_MAGIC, CONTAINER_VERSION, crc32, packContainer, unpackContainer } from './container';
export { readForecasterFile, writeForecasterFile, type ForecasterState, type ScalingMode } from './forecaster-file';
