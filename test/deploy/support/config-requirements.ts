import { ConfigError, type ConfigSection, configSections, loadConfig } from '@tsf/config';
import ts from 'typescript';
import { parseTypeScript, sourceFiles, stringValue, walk } from './repo';

/** The config sections a process loads: `required` in every loadConfig call, `optional` in some only. */
export interface ConfigNeeds {
  required: ConfigSection[];
  optional: ConfigSection[];
}

function isSection(name: string): name is ConfigSection {
  return Object.hasOwn(configSections, name);
}

/** Reads the `loadConfig([...sections])` calls of a process's sources (a folder, or one file). */
export function configNeedsOf(sourcesPath: string): ConfigNeeds {
  const calls: ConfigSection[][] = [];
  for (const file of sourceFiles(sourcesPath)) {
    walk(parseTypeScript(file), (node) => {
      if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'loadConfig') return;
      const [list] = node.arguments;
      if (!list || !ts.isArrayLiteralExpression(list)) throw new Error(`${file}: loadConfig is not given an array literal of sections`);
      calls.push(
        list.elements.map((element) => {
          const name = stringValue(element);
          if (!name || !isSection(name)) throw new Error(`${file}: loadConfig names an unknown section ${element.getText()}`);
          return name;
        }),
      );
    });
  }
  if (calls.length === 0) throw new Error(`no loadConfig([...]) call under ${sourcesPath}`);
  const all = [...new Set(calls.flat())];
  const required = all.filter((section) => calls.every((call) => call.includes(section)));
  return { required, optional: all.filter((section) => !required.includes(section)) };
}

export function variablesOf(section: ConfigSection): string[] {
  return Object.keys(configSections[section].shape);
}

/** Variables with no default that are not optional: the schema rejects their absence. */
export function requiredVariablesOf(section: ConfigSection): string[] {
  const shape: Record<string, { safeParse(value: unknown): { success: boolean } }> = configSections[section].shape;
  return Object.entries(shape)
    .filter(([, schema]) => !schema.safeParse(undefined).success)
    .map(([variable]) => variable);
}

/**
 * What is wrong with an environment for a process: required variables missing, variables it does not read
 * (typos, or a section it does not load), and values its config schema rejects. Empty when all is well.
 */
export function configProblems(needs: ConfigNeeds, env: Record<string, string>): string[] {
  const readable = new Set([...needs.required, ...needs.optional].flatMap(variablesOf));
  const problems = Object.keys(env)
    .filter((variable) => !readable.has(variable))
    .map((variable) => `${variable}: set, but not read by any section it loads (${[...needs.required, ...needs.optional].join(', ')})`);
  for (const variable of needs.required.flatMap(requiredVariablesOf)) {
    if (!env[variable]) problems.push(`${variable}: required by the config schema but not set`);
  }
  const loaded = [...needs.required, ...needs.optional.filter((section) => variablesOf(section).some((variable) => variable in env))];
  try {
    loadConfig(loaded, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems.map((problem) => `${problem.variable}: ${problem.message}`));
  }
  return [...new Set(problems)];
}
