import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { type ConfigSection, configSections } from '../config-schema';

/** Where the processes that load configuration live, relative to the repository root. */
const PROCESS_ROOTS = ['apps', 'tools'];

const LOAD_CONFIG_CALL = /\bloadConfig\s*\(\s*(\[[^\]]*\])?/g;

/**
 * Which processes read each config section, from the `loadConfig([...sections])` calls in `apps/` and `tools/`:
 * `apps/<app>` is `<app>`, `tools/cli/src/commands/<command>.ts` is `tsf <command>`, any other `tools/<tool>` is
 * `tools/<tool>`. Spec files are left out. A call whose sections are not an array literal of strings is an error, so
 * that the reference cannot silently miss a reader.
 */
export function sectionReaders(root: string): Map<ConfigSection, string[]> {
  const readers = new Map<ConfigSection, Set<string>>(Object.keys(configSections).map((section) => [section as ConfigSection, new Set()]));
  for (const file of PROCESS_ROOTS.flatMap((folder) => sourceFiles(join(root, folder)))) {
    const path = relative(root, file).split(sep).join('/');
    for (const match of readFileSync(file, 'utf8').matchAll(LOAD_CONFIG_CALL)) {
      if (!match[1]) throw new Error(`${path}: loadConfig is not given an array literal of sections`);
      for (const section of sectionNames(match[1], path)) readers.get(section)?.add(readerOf(path));
    }
  }
  return new Map([...readers].map(([section, names]) => [section, [...names].sort(byReader)]));
}

function sectionNames(list: string, path: string): ConfigSection[] {
  const items = list.slice(1, -1).split(',').map((item) => item.trim()).filter((item) => item !== '');
  return items.map((item) => {
    const name = /^'([^']*)'$|^"([^"]*)"$/.exec(item);
    const section = name?.[1] ?? name?.[2];
    if (!section || !Object.hasOwn(configSections, section)) throw new Error(`${path}: loadConfig names an unknown section ${item}`);
    return section as ConfigSection;
  });
}

function readerOf(path: string): string {
  const [folder, name] = path.split('/');
  const command = /^tools\/cli\/src\/commands\/([^/]+)\.ts$/.exec(path);
  if (command) return `tsf ${command[1]}`;
  return folder === 'apps' ? name : `${folder}/${name}`;
}

/** Apps first, then the `tsf` commands, then other tools; alphabetical within each. */
function byReader(a: string, b: string): number {
  const rank = (reader: string) => (reader.startsWith('tsf ') ? 1 : reader.includes('/') ? 2 : 0);
  return rank(a) - rank(b) || a.localeCompare(b);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}
