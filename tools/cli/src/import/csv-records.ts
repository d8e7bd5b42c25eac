import { createReadStream } from 'node:fs';

/** One CSV record: the line it starts on (1-based), its cells unquoted, and what is wrong with its quoting, if anything. */
export interface CsvRecord {
  readonly line: number;
  readonly cells: string[];
  readonly malformed?: string;
}

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

type State = 'fieldStart' | 'unquoted' | 'quoted' | 'quoteInQuoted';

/**
 * An incremental RFC 4180 reader: fed text in chunks of any size, it hands out whole records. Quoted fields may hold
 * commas, line breaks and doubled quotes; records end with LF or CRLF; blank lines are not records. Broken quoting
 * does not stop the reader: the record carries `malformed`, so the caller can report it with its line like any bad row.
 */
export class CsvRecordParser {
  private state: State = 'fieldStart';
  private field = '';
  private cells: string[] = [];
  private line = 1;
  private recordLine = 1;
  private malformed: string | undefined;

  push(text: string, out: CsvRecord[]): void {
    // `start` is where the not-yet-copied part of the current field begins: fields are sliced, not built per character.
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      switch (this.state) {
        case 'fieldStart':
          if (c === QUOTE) {
            this.state = 'quoted';
            start = i + 1;
          } else if (c === COMMA) this.cells.push('');
          else if (c === LF) this.endRecord(out, '');
          else {
            this.state = 'unquoted';
            start = i;
          }
          break;
        case 'unquoted':
          if (c === COMMA) {
            this.cells.push(this.field + text.slice(start, i));
            this.field = '';
            this.state = 'fieldStart';
          } else if (c === LF) this.endRecord(out, withoutCr(this.field + text.slice(start, i)));
          else if (c === QUOTE) this.malformed ??= 'a quote inside an unquoted field';
          break;
        case 'quoted':
          if (c === QUOTE) {
            this.field += text.slice(start, i);
            this.state = 'quoteInQuoted';
          } else if (c === LF) this.line++;
          break;
        case 'quoteInQuoted':
          if (c === QUOTE) {
            // a doubled quote: the second one starts the next slice, so it stays in the field
            this.state = 'quoted';
            start = i;
          } else if (c === COMMA) {
            this.cells.push(this.field);
            this.field = '';
            this.state = 'fieldStart';
          } else if (c === LF) this.endRecord(out, this.field);
          else if (c !== CR) this.malformed ??= 'characters after a closing quote';
          break;
      }
    }
    if (this.state === 'unquoted' || this.state === 'quoted') this.field += text.slice(start);
  }

  /** The last record, when the file does not end with a line break. */
  end(out: CsvRecord[]): void {
    if (this.state === 'quoted') this.malformed ??= 'a quoted field is never closed';
    if (this.state !== 'fieldStart' || this.cells.length > 0) this.endRecord(out, this.state === 'unquoted' ? withoutCr(this.field) : this.field);
  }

  private endRecord(out: CsvRecord[], lastCell: string): void {
    const cells = this.cells;
    cells.push(lastCell);
    // a blank line (or one holding only a CR) is no record
    if (cells.length > 1 || cells[0] !== '' || this.malformed !== undefined) {
      out.push(this.malformed === undefined ? { line: this.recordLine, cells } : { line: this.recordLine, cells, malformed: this.malformed });
    }
    this.cells = [];
    this.field = '';
    this.malformed = undefined;
    this.state = 'fieldStart';
    this.line++;
    this.recordLine = this.line;
  }
}

const withoutCr = (cell: string) => (cell.charCodeAt(cell.length - 1) === CR ? cell.slice(0, -1) : cell);

/** The records of a file as it streams in (never the whole file in memory), with the bytes read so far. */
export async function* readCsvRecords(file: string): AsyncGenerator<{ records: CsvRecord[]; bytesRead: number }> {
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const parser = new CsvRecordParser();
  let first = true;
  for await (const chunk of stream as AsyncIterable<string>) {
    const records: CsvRecord[] = [];
    parser.push(first ? chunk.replace(/^\uFEFF/, '') : chunk, records);
    first = false;
    yield { records, bytesRead: stream.bytesRead };
  }
  const records: CsvRecord[] = [];
  parser.end(records);
  yield { records, bytesRead: stream.bytesRead };
}
