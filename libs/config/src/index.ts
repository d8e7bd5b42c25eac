export { configSections, type Config, type ConfigSection } from './config-schema';
export { ConfigError, loadConfig } from './load-config';
export * from './reference';
