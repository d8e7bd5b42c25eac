import { existsSync } from 'node:fs';
import { repoPath } from './repo';

/** What a container runs, read from its command: one of our apps or a `tsf` CLI command, with its sources. */
export interface ProcessEntry {
  /** The app's name (`api`), or `tsf <command>`. */
  name: string;
  app?: string;
  /** Where its loadConfig calls are: the app's src folder, or the CLI command's file. */
  sources: string;
}

export function processEntryOf(command: readonly string[]): ProcessEntry | undefined {
  for (const [index, arg] of command.entries()) {
    const app = /^apps\/([\w-]+)\/src\/main\.ts$/.exec(arg)?.[1];
    if (app) return { name: app, app, sources: `apps/${app}/src` };
    if (arg === 'tools/cli/bin/tsf.js') {
      const sub = command[index + 1];
      const sources = `tools/cli/src/commands/${sub}.ts`;
      if (!sub || !existsSync(repoPath(sources))) throw new Error(`\`${command.join(' ')}\`: no such tsf command (${sources})`);
      return { name: `tsf ${sub}`, sources };
    }
  }
  return undefined;
}
