import { ConfigError } from '@tsf/config';
import { backtest, backtestUsage } from './commands/backtest';
import { grafana, grafanaUsage } from './commands/grafana';
import { importCommand, importUsage } from './commands/import';
import { keys, keysUsage } from './commands/keys';
import { migrate, migrateUsage } from './commands/migrate';

/** Exit code for bad usage or bad input files (as in BSD's EX_USAGE family, kept simple: 2). */
export const EXIT_USAGE = 2;

const commands: Record<string, { run: (args: string[]) => Promise<number>; usage: string }> = {
  migrate: { run: migrate, usage: migrateUsage },
  backtest: { run: backtest, usage: backtestUsage },
  import: { run: importCommand, usage: importUsage },
  keys: { run: keys, usage: keysUsage },
  grafana: { run: grafana, usage: grafanaUsage },
};

function usage(): string {
  return `usage:\n${Object.values(commands).map((c) => `  ${c.usage}`).join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(name && name !== '--help' ? `tsf: unknown command ${name}\n${usage()}` : usage());
    return name === '--help' ? 0 : EXIT_USAGE;
  }
  return command.run(args);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`tsf: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof ConfigError ? EXIT_USAGE : 1);
  },
);
