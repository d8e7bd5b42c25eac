/** Sizes, counts and durations in the words an error message shows a user. */

const COUNT_UNITS: Array<[number, string]> = [
  [1e12, 'trillion'],
  [1e9, 'billion'],
  [1e6, 'million'],
  [1e3, 'thousand'],
];

/** 1234567890 → "1.2 billion", 950 → "950". */
export function countInWords(count: number): string {
  for (const [size, word] of COUNT_UNITS) if (count >= size) return `${round(count / size)} ${word}`;
  return String(Math.round(count));
}

const BYTE_UNITS: Array<[number, string]> = [
  [2 ** 40, 'TB'],
  [2 ** 30, 'GB'],
  [2 ** 20, 'MB'],
  [2 ** 10, 'kB'],
];

/** Binary units, as TSF_MAX_TRAINING_MEMORY_MB counts them: 3 × 2^30 → "3 GB". */
export function bytesInWords(bytes: number): string {
  for (const [size, unit] of BYTE_UNITS) if (bytes >= size) return `${round(bytes / size)} ${unit}`;
  return `${Math.round(bytes)} bytes`;
}

/** 90 → "1.5 minutes", 400000 → "4.6 days". */
export function secondsInWords(seconds: number): string {
  if (seconds >= 2 * 86_400) return `${round(seconds / 86_400)} days`;
  if (seconds >= 2 * 3_600) return `${round(seconds / 3_600)} hours`;
  if (seconds >= 120) return `${round(seconds / 60)} minutes`;
  return `${Math.round(seconds)} seconds`;
}

/** Two significant digits below 100, whole numbers above: 1.23 → 1.2, 12.3 → 12, 123.4 → 123. */
function round(value: number): string {
  return value >= 100 ? String(Math.round(value)) : String(Number(value.toPrecision(2)));
}
