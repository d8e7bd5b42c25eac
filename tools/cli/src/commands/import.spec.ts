import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, dropDatabase } from '@tsf/db';
import { readM4 } from '@tsf/forecasting';
import { Pool } from 'pg';
import { type CliResult, DATA_DIR, runTsf } from '../testing/run-tsf';

const ETTH1 = join(DATA_DIR, 'ett/ETTh1.csv');
const M4_HOURLY_TRAIN = join(DATA_DIR, 'm4/Hourly-train.csv');
const HAVE_DATA = existsSync(ETTH1) && existsSync(M4_HOURLY_TRAIN);
if (!HAVE_DATA && process.env.CI === 'true') {
  throw new Error(`the shared data sets are missing: ${ETTH1} and ${M4_HOURLY_TRAIN} (set TSF_DATA_DIR to the folder holding ett/ and m4/)`);
}
if (!HAVE_DATA) console.warn(`tsf import: skipping the ETTh1 and M4 imports, ${DATA_DIR} has no ett/ETTh1.csv or m4/Hourly-train.csv`);
const withData = HAVE_DATA ? describe : describe.skip;

const HOUR = 3_600_000;
const M4_START = Date.UTC(2020, 0, 1);

describe('tsf import', () => {
  let databaseUrl: string;
  let pool: Pool;
  const directory = mkdtempSync(join(tmpdir(), 'tsf-cli-import-'));
  const file = (name: string, text: string) => {
    const path = join(directory, name);
    writeFileSync(path, text);
    return path;
  };

  beforeAll(async () => {
    databaseUrl = await createTestDatabase({ migrated: true });
    pool = new Pool({ connectionString: databaseUrl });
  });
  afterAll(async () => {
    await pool.end();
    await dropDatabase(databaseUrl);
    rmSync(directory, { recursive: true, force: true });
  });

  /** Runs the real `tsf import` as a user would, against this suite's database. */
  function tsf(...args: string[]): Promise<CliResult> {
    // a local zone far from UTC, so a zone-less stamp read as local time would show
    return runTsf(['import', ...args], { DATABASE_URL: databaseUrl, TZ: 'Asia/Kolkata' });
  }

  /** Every stored point of the series whose key starts with `prefix`, in a stable order. */
  async function stored(prefix: string): Promise<{ key: string; ms: number; value: number }[]> {
    const { rows } = await pool.query<{ key: string; ms: string; value: number }>(
      `SELECT s.key, (extract(epoch FROM p.ts) * 1000)::bigint AS ms, p.value
         FROM points p JOIN series s ON s.id = p.series_id WHERE starts_with(s.key, $1) ORDER BY s.key, p.ts`,
      [prefix],
    );
    return rows.map((row) => ({ key: row.key, ms: Number(row.ms), value: row.value }));
  }

  async function seriesKeys(prefix: string): Promise<string[]> {
    const { rows } = await pool.query<{ key: string }>('SELECT key FROM series WHERE starts_with(key, $1) ORDER BY key', [prefix]);
    return rows.map((row) => row.key);
  }

  withData('the shared data sets', () => {
    it('imports ETTh1 (wide) as one series per column under the prefix, zone-less stamps as UTC, with progress on stderr', async () => {
      const result = await tsf(ETTH1, '--series-prefix', 'etth1/');
      expect(result.stderr).toMatch(/^validating: 17420 rows, 121940 points, \d+ points\/s, 100% of 2\.5 MiB, ETA 0 s$/m);
      expect(result.stderr).toMatch(/^writing: 17420 rows, 121940 points, \d+ points\/s, 100% of 2\.5 MiB, ETA 0 s$/m);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(
        new RegExp(`^imported ${ETTH1} \\(wide\\): 17420 rows, 7 series, 121940 points, 0 missing cells skipped, [\\d.]+ s, \\d+ points/s written\\n$`),
      );
      expect(await seriesKeys('etth1/')).toEqual(['HUFL', 'HULL', 'LUFL', 'LULL', 'MUFL', 'MULL', 'OT'].map((column) => `etth1/${column}`));
      const points = await stored('etth1/');
      expect(points).toHaveLength(121940);
      const ot = points.filter((point) => point.key === 'etth1/OT');
      expect(ot).toHaveLength(17420);
      expect(ot[0]).toEqual({ key: 'etth1/OT', ms: Date.UTC(2016, 6, 1), value: 30.5310001373291 });
      expect(ot[1]).toEqual({ key: 'etth1/OT', ms: Date.UTC(2016, 6, 1, 1), value: 27.78700065612793 });
      expect(ot.at(-1)).toEqual({ key: 'etth1/OT', ms: Date.UTC(2018, 5, 26, 19), value: 9.56700038909912 });
      expect(points.find((point) => point.key === 'etth1/HUFL' && point.ms === Date.UTC(2018, 5, 26, 19))?.value).toBe(10.11400032043457);
    });

    it('imports M4 Hourly written as a long file, labels included, and a second import leaves the same rows', async () => {
      const m4 = readM4(M4_HOURLY_TRAIN).slice(0, 40);
      // half the series with epoch milliseconds, half with ISO stamps; CRLF line ends and RFC 4180-quoted labels
      const lines = ['series,ts,value,labels'];
      m4.forEach(({ id, train }, s) => {
        const labels = s % 2 === 0 ? `"{""dataset"":""m4-hourly"",""id"":""${id}""}"` : '';
        train.forEach((value, t) => {
          const ms = M4_START + t * HOUR;
          lines.push(`m4/${id},${s % 2 === 0 ? ms : new Date(ms).toISOString()},${value},${labels}`);
        });
      });
      const csv = file('m4-hourly-long.csv', `${lines.join('\r\n')}\r\n`);
      const total = m4.reduce((sum, { train }) => sum + train.length, 0);

      const first = await tsf(csv);
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(new RegExp(`^imported ${csv} \\(long\\): ${total} rows, 40 series, ${total} points, 0 missing cells skipped, `));
      const afterFirst = await stored('m4/');
      expect(afterFirst).toHaveLength(total);
      const h1 = afterFirst.filter((point) => point.key === 'm4/H1');
      expect(h1).toHaveLength(m4[0].train.length);
      expect(h1[0]).toEqual({ key: 'm4/H1', ms: M4_START, value: 605 });
      expect(h1.at(-1)).toEqual({ key: 'm4/H1', ms: M4_START + (m4[0].train.length - 1) * HOUR, value: m4[0].train.at(-1) });
      expect(afterFirst.find((point) => point.key === 'm4/H2')).toEqual({ key: 'm4/H2', ms: M4_START, value: 3124 });
      const { rows: labels } = await pool.query('SELECT key, labels FROM series WHERE key IN ($1, $2) ORDER BY key', ['m4/H1', 'm4/H2']);
      expect(labels).toEqual([
        { key: 'm4/H1', labels: { dataset: 'm4-hourly', id: 'H1' } },
        { key: 'm4/H2', labels: {} },
      ]);

      const second = await tsf(csv);
      expect(second.code).toBe(0);
      expect(await stored('m4/')).toEqual(afterFirst);
    });
  });

  it('a file with bad rows is refused whole: each bad row by its line and reason, and nothing is written', async () => {
    const csv = file(
      'bad.csv',
      [
        'series,ts,value,labels',
        'bad/a,2024-01-01T00:00:00Z,1,',
        'bad/a,2024-01-01T01:00:00Z,2,"{',
        '""site"": ""north""}"', // one record over lines 3 and 4: the next record starts on line 5
        'bad a,2024-01-01T02:00:00Z,3,',
        'bad/a,2024-02-30 25:00,4,',
        'bad/a,2024-01-01T04:00:00Z,four,',
        'bad/a,2024-01-01T05:00:00Z',
        'bad/a,2024-01-01T06:00:00Z,1e999,',
        'bad/b,2024-01-01T00:00:00Z,1,{"site":"south"}',
        'bad/a,2024-01-01T07:00:00Z,7,"{""site"":""west""}"',
        '',
      ].join('\n'),
    );
    const result = await tsf(csv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.slice(result.stderr.indexOf('tsf import:'))).toBe(
      [
        `tsf import: ${csv}: 7 bad rows, nothing imported`,
        `${csv}:5: series key "bad a": letters, digits and . _ : / @ - only, starting with a letter or digit`,
        `${csv}:6: unparseable timestamp "2024-02-30 25:00"`,
        `${csv}:7: value "four" is not a number`,
        `${csv}:8: expected 4 cells, found 2`,
        `${csv}:9: value is not finite`,
        `${csv}:10: a quote inside an unquoted field`,
        `${csv}:11: labels of series bad/a differ from those on line 3`,
        '',
      ].join('\n'),
    );
    expect(await seriesKeys('bad/')).toEqual([]);
    expect(await stored('bad/')).toEqual([]);

    const fewer = await tsf(csv, '--show-bad-rows', '2');
    expect(fewer.code).toBe(2);
    expect(fewer.stderr).toContain(`${csv}:6: unparseable timestamp "2024-02-30 25:00"\n… and 5 more bad rows\n`);
    expect(fewer.stderr).not.toContain(`${csv}:7:`);
  });

  it('a wide file\'s empty cells are missing points, skipped and counted; --time-column and --columns choose the columns', async () => {
    const csv = file(
      'wide.csv',
      ['load,stamp,temp,ignored', '1.5,2024-01-01 00:00,,x', '"2.5",2024-01-01 01:00,-3,y', ',2024-01-01 02:00,-4,z', ''].join('\r\n'),
    );
    const result = await tsf(csv, '--time-column', 'stamp', '--columns', 'load,temp', '--series-prefix', 'site1/', '--time-zone', 'Europe/Berlin');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^imported ${csv} \\(wide\\): 3 rows, 2 series, 4 points, 2 missing cells skipped, `));
    // Berlin is UTC+1 in January
    expect(await stored('site1/')).toEqual([
      { key: 'site1/load', ms: Date.UTC(2023, 11, 31, 23), value: 1.5 },
      { key: 'site1/load', ms: Date.UTC(2024, 0, 1, 0), value: 2.5 },
      { key: 'site1/temp', ms: Date.UTC(2024, 0, 1, 0), value: -3 },
      { key: 'site1/temp', ms: Date.UTC(2024, 0, 1, 1), value: -4 },
    ]);
  });

  it('--dry-run validates the whole file and writes nothing', async () => {
    const csv = file('dry.csv', 'date,x,y\n2024-01-01,1,2\n2024-01-02,3,\n');
    const result = await tsf(csv, '--dry-run', '--series-prefix', 'dry/');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^valid \\(dry run, nothing written\\) ${csv} \\(wide\\): 2 rows, 2 series, 3 points, 1 missing cells skipped, [\\d.]+ s\\n$`));
    expect(result.stderr).toMatch(/^validating: 2 rows, 3 points, /);
    expect(result.stderr).not.toContain('writing:');
    expect(await seriesKeys('dry/')).toEqual([]);
  });

  describe('bad usage ends with one line on stderr and exit code 2', () => {
    it('an unknown column for --columns lists the columns the file has', async () => {
      const csv = file('columns.csv', 'date,HUFL,OT\n2016-07-01 00:00:00,5.8,30.5\n');
      const result = await tsf(csv, '--columns', 'OT,LOAD');
      expect(result).toEqual({ code: 2, stdout: '', stderr: `tsf import: --columns: unknown column "LOAD" (columns: date, HUFL, OT)\n` });
    });

    it('a column that would make an invalid series key is named', async () => {
      const csv = file('keys.csv', 'date,load (kW)\n2016-07-01 00:00:00,5.8\n');
      const result = await tsf(csv);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        'tsf import: column "load (kW)" would be series "load (kW)", not a valid series key: letters, digits and . _ : / @ - only, starting with a letter or digit\n',
      );
    });

    it('wide-only options on a long file, a missing file and an unknown format are refused', async () => {
      const long = file('long.csv', 'series,ts,value\na,2024-01-01,1\n');
      expect((await tsf(long, '--series-prefix', 'x/')).stderr).toBe('tsf import: --series-prefix applies to wide files only, and this one is long (series,ts,value)\n');
      const missing = join(directory, 'missing.csv');
      expect(await tsf(missing)).toEqual({ code: 2, stdout: '', stderr: `tsf import: ${missing}: file not found\n` });
      expect((await tsf(long, '--format', 'parquet')).stderr).toBe('tsf import: --format must be one of long, wide\n');
    });
  });
});
