/** A row that cannot be imported: its line in the file and why. */
export interface BadRow {
  line: number;
  reason: string;
}

/** Keeps the first `listed` bad rows and counts the rest, so a file of a million bad rows costs no memory. */
export class BadRows {
  private readonly kept: BadRow[] = [];
  private total = 0;

  constructor(private readonly listed: number) {}

  add(line: number, reason: string): void {
    if (this.kept.length < this.listed) this.kept.push({ line, reason });
    this.total++;
  }

  get count(): number {
    return this.total;
  }

  /** One line per listed row, `FILE:LINE: reason`, then how many more there are. */
  format(file: string): string {
    const lines = this.kept.map(({ line, reason }) => `${file}:${line}: ${reason}`);
    if (this.total > this.kept.length) lines.push(`… and ${this.total - this.kept.length} more bad rows`);
    return lines.join('\n');
  }
}
