import type { PointWriter, SeriesBatch } from '@tsf/db';
import type { RowPoint } from './row-mappers';

/**
 * Gathers rows' points into writes of about `chunkPoints` points, one PointWriter write (one atomic statement) each.
 * One write is in flight while the next chunk is read; writes start in file order, so a later duplicate of a point
 * overwrites an earlier one, as it would within one write.
 */
export class PointChunks {
  private batches = new Map<string, SeriesBatch>();
  private size = 0;
  private inFlight: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly writer: Pick<PointWriter, 'write'>,
    private readonly chunkPoints: number,
  ) {}

  /** Adds a row's points; true when the chunk is full and should be flushed. */
  add(points: RowPoint[]): boolean {
    for (const { series, labels, ts, value } of points) {
      let batch = this.batches.get(series);
      if (batch === undefined) {
        batch = { series, labels, points: [] };
        this.batches.set(series, batch);
      }
      batch.labels ??= labels;
      batch.points.push({ ts, value });
    }
    this.size += points.length;
    return this.size >= this.chunkPoints;
  }

  /** Waits for the write in flight, then starts writing the gathered points. */
  async flush(): Promise<void> {
    const batches = [...this.batches.values()];
    this.batches = new Map();
    this.size = 0;
    await this.inFlight;
    if (batches.length === 0) return;
    const write = this.writer.write(batches);
    // the rejection is seen by whoever awaits the next flush or close; until then it must not count as unhandled
    write.catch(() => undefined);
    this.inFlight = write;
  }

  /** Writes what is left and waits until every write has finished. */
  async close(): Promise<void> {
    await this.flush();
    await this.inFlight;
  }
}
