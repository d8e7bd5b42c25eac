export { EXIT_CONFIG, runApp } from './run-app';
