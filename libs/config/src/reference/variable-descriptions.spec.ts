import { configSections } from '../config-schema';
import { configurationReference } from './configuration-reference';
import { sectionDescriptions, variableDescriptions } from './variable-descriptions';

const schemaVariables = [...new Set(Object.values(configSections).flatMap((section) => Object.keys(section.shape)))].sort();
const readers = new Map(Object.keys(configSections).map((section) => [section as keyof typeof configSections, ['app']]));

describe('configuration reference descriptions', () => {
  it('describe every variable of the config schema, and no other', () => {
    expect(Object.keys(variableDescriptions).sort()).toEqual(schemaVariables);
    const withoutMeaning = Object.entries(variableDescriptions).filter(([, description]) => description.meaning.trim() === '');
    expect(withoutMeaning.map(([variable]) => variable)).toEqual([]);
  });

  it('describe every config section, and no other', () => {
    expect(Object.keys(sectionDescriptions).sort()).toEqual(Object.keys(configSections).sort());
  });

  it('say what an unset variable means exactly where the schema has no default for an optional one', () => {
    const optionalWithoutDefault = Object.values(configSections)
      .flatMap((section) => Object.entries(section.shape as Record<string, { safeParse(value: unknown): { success: boolean; data?: unknown } }>))
      .filter(([, schema]) => {
        const parsed = schema.safeParse(undefined);
        return parsed.success && parsed.data === undefined;
      })
      .map(([variable]) => variable)
      .sort();
    const withUnset = Object.entries(variableDescriptions)
      .filter(([, description]) => 'unset' in description)
      .map(([variable]) => variable)
      .sort();
    expect(withUnset).toEqual(optionalWithoutDefault);
  });

  it('render one row per variable of each section, with its default from the schema', () => {
    const text = configurationReference(readers);
    for (const [section, schema] of Object.entries(configSections)) {
      const table = text.split(`\n## ${section}\n`)[1].split('\n## ')[0];
      expect(table.split('\n').filter((line) => line.startsWith('| `')).map((line) => line.split('`')[1])).toEqual(Object.keys(schema.shape));
    }
    expect(text).toContain('| `DATABASE_URL` | required |');
    expect(text).toContain('| `TSF_INGEST_CONCURRENCY` | `3` | integer, 1–64 |');
    expect(text).toContain('| `TSF_INGEST_LINE_KEY_TAGS` | `*` |');
    expect(text).toContain('| `TSF_API_REQUIRE_READ_KEY` | `false` | `0`, `1`, `true`, `false` |');
  });

  it('refuse to render a section no process reads', () => {
    expect(() => configurationReference(new Map([...readers].filter(([section]) => section !== 'scheduler')))).toThrow(/scheduler/);
  });
});
