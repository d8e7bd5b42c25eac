import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { mulberry32 } from '@tsf/forecasting';

/** Rows of ETTh1's training part (its first 12 months, hourly): the only rows a gappy copy drops. */
const TRAINING_ROWS = 8640;
/** First rows of the five day-long gaps, spread over the training part. */
const GAP_STARTS = [1000, 2600, 4200, 5800, 7400];
const GAP_ROWS = 24;
/** Share of the other training rows dropped at random. */
const DROPPED = 0.1;
/** The copy is the same in every run. */
const SEED = 1;

/**
 * A copy of a wide hourly file (ETTh1) with what a real feed loses in its training part: five day-long gaps and 10% of
 * the other hours dropped at random (a fixed seed); the test part is untouched, so the same windows are scored. This is
 * data, not modelling: `tsf backtest` reads the copy as a user's file. Written to `directory` (the system's temp folder).
 */
export function gappyCopy(file: string, directory = join(tmpdir(), 'tsf-bench')): string {
  const out = join(directory, `${basename(file, '.csv')}-gappy.csv`);
  const [header, ...rows] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const random = mulberry32(SEED);
  const kept = rows.filter((_, row) => {
    if (row >= TRAINING_ROWS) return true;
    if (GAP_STARTS.some((start) => row >= start && row < start + GAP_ROWS)) return false;
    return random() >= DROPPED;
  });
  mkdirSync(directory, { recursive: true });
  writeFileSync(out, `${[header, ...kept].join('\n')}\n`);
  return out;
}
