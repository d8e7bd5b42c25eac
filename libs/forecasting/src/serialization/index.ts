export { CONTAINER_MAGIC, CONTAINER_VERSION, crc32, packContainer, unpackContainer } from './container';
