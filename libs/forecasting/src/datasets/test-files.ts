import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export { SHARED_DATA_DIR as DATA_DIR } from './shared-data-dir';

/** A scratch directory for small CSV fixtures; call `remove` in afterAll. */
export function scratchDirectory(): { write(name: string, text: string): string; remove(): void } {
  const directory = mkdtempSync(join(tmpdir(), 'tsf-datasets-'));
  return {
    write(name, text) {
      const file = join(directory, name);
      writeFileSync(file, text);
      return file;
    },
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
}
