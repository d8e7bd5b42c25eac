import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIGURATION_REFERENCE_PATH, configurationReference, sectionReaders } from '@tsf/config';

const ROOT = join(__dirname, '../..');

describe('configuration reference', () => {
  it(`${CONFIGURATION_REFERENCE_PATH} matches the config schema and the apps' loadConfig calls (run npm run docs:config when this fails)`, () => {
    expect(readFileSync(join(ROOT, CONFIGURATION_REFERENCE_PATH), 'utf8')).toBe(configurationReference(sectionReaders(ROOT)));
  });

  it('names the processes that load each section', () => {
    const readers = sectionReaders(ROOT);
    expect(readers.get('database')).toEqual(expect.arrayContaining(['api', 'ingestor', 'scheduler', 'trainer', 'tsf migrate']));
    expect(readers.get('ingestor')).toEqual(['ingestor']);
    expect(readers.get('limits')).toEqual(['api', 'trainer']);
  });
});
