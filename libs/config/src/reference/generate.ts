import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONFIGURATION_REFERENCE_PATH, configurationReference } from './configuration-reference';
import { sectionReaders } from './section-readers';

/** `npm run docs:config`: rewrites docs/configuration.md from the config schema and the apps' loadConfig calls. */
function generate(root: string): void {
  writeFileSync(join(root, CONFIGURATION_REFERENCE_PATH), configurationReference(sectionReaders(root)));
  process.stdout.write(`wrote ${CONFIGURATION_REFERENCE_PATH}\n`);
}

generate(resolve(__dirname, '../../../..'));
