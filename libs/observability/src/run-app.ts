import { Logger } from '@nestjs/common';
import { ConfigError } from '@tsf/config';

/** Exit code for a configuration error (EX_CONFIG), so supervisors can tell it from a crash. */
export const EXIT_CONFIG = 78;

/**
 * Starts a service; a bad environment ends it at once with one message naming each bad variable,
 * any other start-up failure with its stack. Once started it logs `[name] ready`, which supervisors and tests wait for.
 */
export function runApp(name: string, start: () => Promise<unknown>): void {
  start().then(() => Logger.log('ready', name)).catch((error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${name}: ${error.message}\n`);
      process.exit(EXIT_CONFIG);
    }
    process.stderr.write(`${name}: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
