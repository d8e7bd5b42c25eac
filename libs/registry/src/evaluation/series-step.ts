/** The spacing of a series: the median gap of its last points (robust to a missing point or two). */
export function seriesStepMs(timestamps: ArrayLike<number>): number {
  const gaps: number[] = [];
  for (let i = Math.max(1, timestamps.length - 50); i < timestamps.length; i++) gaps.push(timestamps[i] - timestamps[i - 1]);
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)] ?? 3_600_000;
}
