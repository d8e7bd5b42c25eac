export { formatDuration, TerminalProgress, type ProgressStream, type TerminalProgressOptions } from './terminal-progress';
