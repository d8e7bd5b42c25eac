import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CsvRecordParser, readCsvRecords, type CsvRecord } from './csv-records';

/** Parses `text` fed in pieces of `pieceLength` characters (the stream may split a record anywhere). */
function parse(text: string, pieceLength = text.length): CsvRecord[] {
  const parser = new CsvRecordParser();
  const records: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += pieceLength) parser.push(text.slice(i, i + pieceLength), records);
  parser.end(records);
  return records;
}

describe('CSV records (RFC 4180)', () => {
  it('reads quoted fields holding commas, doubled quotes and line breaks, and numbers records by their first line', () => {
    const text = 'series,ts,value,labels\r\n"a,b",1,2,"{""site"":""north""}"\r\nc,2,"3\r\nand more",\r\nd,3,4,""\r\n';
    expect(parse(text)).toEqual([
      { line: 1, cells: ['series', 'ts', 'value', 'labels'] },
      { line: 2, cells: ['a,b', '1', '2', '{"site":"north"}'] },
      { line: 3, cells: ['c', '2', '3\r\nand more', ''] },
      { line: 5, cells: ['d', '3', '4', ''] },
    ]);
  });

  it('gives the same records however the text is split into chunks', () => {
    const text = 'a,"b ""q"" c",d\r\n"x\ny",,z\n\nlast,"row"';
    const whole = parse(text);
    for (const pieceLength of [1, 2, 3, 5, 7]) expect(parse(text, pieceLength)).toEqual(whole);
    expect(whole).toEqual([
      { line: 1, cells: ['a', 'b "q" c', 'd'] },
      { line: 2, cells: ['x\ny', '', 'z'] },
      { line: 5, cells: ['last', 'row'] },
    ]);
  });

  it('skips blank lines, LF or CRLF, and keeps a trailing empty cell', () => {
    expect(parse('a,b\n\r\n\nc,\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 4, cells: ['c', ''] },
    ]);
  });

  it('marks broken quoting on the record it happens in and goes on with the next', () => {
    const records = parse('a,b"c\n"x"y,z\nok,1\n"never closed,2\n');
    expect(records.map(({ line, malformed }) => ({ line, malformed }))).toEqual([
      { line: 1, malformed: 'a quote inside an unquoted field' },
      { line: 2, malformed: 'characters after a closing quote' },
      { line: 3, malformed: undefined },
      { line: 4, malformed: 'a quoted field is never closed' },
    ]);
    expect(records[2].cells).toEqual(['ok', '1']);
  });

  it('streams a file, dropping a byte-order mark and reporting the bytes read', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'tsf-csv-records-'));
    try {
      const file = join(directory, 'bom.csv');
      writeFileSync(file, '\uFEFFdate,OT\n2016-07-01 00:00:00,30.5\n');
      const chunks = [];
      for await (const chunk of readCsvRecords(file)) chunks.push(chunk);
      expect(chunks.flatMap((chunk) => chunk.records)).toEqual([
        { line: 1, cells: ['date', 'OT'] },
        { line: 2, cells: ['2016-07-01 00:00:00', '30.5'] },
      ]);
      expect(chunks.at(-1)?.bytesRead).toBe(Buffer.byteLength('\uFEFFdate,OT\n2016-07-01 00:00:00,30.5\n'));
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
