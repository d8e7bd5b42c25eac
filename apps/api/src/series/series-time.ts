import type { SeriesFrequency, SeriesQuality } from '@tsf/contracts';
import { frequencyInForce, gridQuality, isStale } from '@tsf/forecasting';

/** What a series row says about its time: the declared frequency (null: none) and its zone. */
export interface SeriesTimeSettings {
  frequency: string | null;
  timeZone: string;
}

export interface SeriesTime {
  frequency: SeriesFrequency;
  quality: SeriesQuality;
  /** The last point is more than `staleAfterSteps` steps of the frequency old (libs/forecasting: staleness.ts); false without a frequency. */
  stale: boolean;
}

/**
 * The frequency in force (declared, else inferred from the timestamps), the data-quality facts of the timestamps
 * on its grid and whether the series is stale. `timestamps` are the series' most recent ones, ascending.
 */
export function describeSeriesTime(timestamps: Float64Array, settings: SeriesTimeSettings, now: number, staleAfterSteps: number): SeriesTime {
  const { timeZone } = settings;
  // null with a zone this process' Intl does not know (stored by another version): a declared frequency still shows, no grid can be laid
  const inForce = frequencyInForce(settings.frequency, timestamps, timeZone);
  const frequency: SeriesFrequency = {
    value: inForce?.text ?? settings.frequency,
    source: inForce?.source ?? (settings.frequency !== null ? 'declared' : null),
    timeZone,
    confidence: inForce?.confidence == null ? null : Math.round(inForce.confidence * 1000) / 1000,
  };
  const lastPointAgeMs = timestamps.length === 0 ? null : now - timestamps[timestamps.length - 1];
  if (inForce === null) {
    const none = { expectedSteps: null, coverage: null, missingSteps: null, longestGapSteps: null, longestGapMs: null, offGridPoints: null, duplicatePoints: null };
    return { frequency, quality: { pointsExamined: timestamps.length, ...none, lastPointAgeMs }, stale: false };
  }
  const quality = gridQuality(timestamps, inForce.frequency, timeZone, now);
  return {
    frequency,
    quality: {
      pointsExamined: quality.pointsExamined,
      expectedSteps: quality.expectedSteps,
      coverage: quality.coverage,
      missingSteps: quality.missingSteps,
      longestGapSteps: quality.longestGapSteps,
      longestGapMs: quality.longestGapMs,
      offGridPoints: quality.offGridPoints,
      duplicatePoints: quality.duplicatePoints,
      lastPointAgeMs,
    },
    stale: timestamps.length > 0 && isStale(timestamps[timestamps.length - 1], inForce.frequency, timeZone, now, staleAfterSteps),
  };
}
