import { z } from 'zod';
import { type Config, type ConfigSection, configSections } from './config-schema';

/** Thrown at start-up when the environment is wrong; its message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig<S extends ConfigSection>(
  sections: readonly S[],
  env: Record<string, string | undefined> = process.env,
): Config<S> {
  const shape = Object.assign({}, ...sections.map((section) => configSections[section].shape));
  const parsed = z.object(shape).safeParse(emptyAsMissing(env));
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0]),
        message: issue.code === 'invalid_type' && issue.input === undefined ? 'is required but not set' : issue.message,
      })),
    );
  }
  return parsed.data as Config<S>;
}

function emptyAsMissing(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
}
