import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '../..');

describe('dashboard front end', () => {
  // The root tsconfig leaves the browser code out (its DOM types would leak into server code); this checks it.
  it('type-checks against the DOM and uPlot types', async () => {
    const tsc = promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'apps/api/src/dashboard/web/tsconfig.json'], { cwd: ROOT });
    await expect(tsc).resolves.toMatchObject({ stdout: '' });
  });
});
