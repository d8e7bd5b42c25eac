import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gappyCopy } from './gappy-copy';

describe('accuracy bench › gappy copy', () => {
  it('drops five day-long gaps and about 10% of the other hours of the training part only, the same rows every time', () => {
    const directory = mkdtempSync(join(tmpdir(), 'tsf-gappy-'));
    try {
      const rows = Array.from({ length: 9000 }, (_, h) => `${new Date(Date.UTC(2016, 6, 1) + h * 3_600_000).toISOString()},${h}`);
      const file = join(directory, 'wide.csv');
      writeFileSync(file, `date,OT\n${rows.join('\n')}\n`);
      const [header, ...kept] = readFileSync(gappyCopy(file, directory), 'utf8').trimEnd().split('\n');
      expect(header).toBe('date,OT');
      const hours = kept.map((row) => Number(row.split(',')[1]));
      const training = hours.filter((h) => h < 8640);
      for (const start of [1000, 2600, 4200, 5800, 7400]) expect(training.filter((h) => h >= start && h < start + 24)).toEqual([]);
      const others = 8640 - 5 * 24;
      expect(others - training.length).toBeGreaterThan(0.08 * others);
      expect(others - training.length).toBeLessThan(0.12 * others);
      expect(hours.filter((h) => h >= 8640)).toEqual(Array.from({ length: 360 }, (_, i) => 8640 + i));
      expect(readFileSync(gappyCopy(file, directory), 'utf8')).toBe(`${[header, ...kept].join('\n')}\n`);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
