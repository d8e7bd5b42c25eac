import type { SeriesFrequency, SeriesQuality } from '@tsf/contracts';
import { formatFrequency, gridQuality, inferFrequency, isTimeZone } from '@tsf/forecasting';

/** What a series row says about its time: the declared frequency (null: none) and its zone. */
export interface SeriesTimeSettings {
  frequency: string | null;
  timeZone: string;
}

/**
 * The frequency in force (declared, else inferred from the timestamps) and the data-quality facts of the timestamps
 * on its grid. `timestamps` are the series' most recent ones, ascending.
 */
export function describeSeriesTime(timestamps: Float64Array, settings: SeriesTimeSettings, now: number): { frequency: SeriesFrequency; quality: SeriesQuality } {
  const { timeZone } = settings;
  // A zone this process' Intl does not know (stored by another version): the frequency still shows, the grid cannot be laid.
  const zoneKnown = isTimeZone(timeZone);
  const inferred = settings.frequency === null && zoneKnown ? inferFrequency(timestamps, { timeZone }) : null;
  const value = settings.frequency ?? (inferred ? formatFrequency(inferred.frequency) : null);
  const frequency: SeriesFrequency = {
    value,
    source: settings.frequency !== null ? 'declared' : inferred ? 'inferred' : null,
    timeZone,
    confidence: inferred ? Math.round(inferred.confidence * 1000) / 1000 : null,
  };
  const lastPointAgeMs = timestamps.length === 0 ? null : now - timestamps[timestamps.length - 1];
  if (value === null || !zoneKnown) {
    const none = { expectedSteps: null, coverage: null, missingSteps: null, longestGapSteps: null, longestGapMs: null, offGridPoints: null, duplicatePoints: null };
    return { frequency, quality: { pointsExamined: timestamps.length, ...none, lastPointAgeMs } };
  }
  const quality = gridQuality(timestamps, value, timeZone, now);
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
  };
}
