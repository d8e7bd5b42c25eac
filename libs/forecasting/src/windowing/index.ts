export { makeWindows, sliceWindows, targetWidth, windowCount, windowsToTensors, type WindowOptions, type Windows } from './windows';
export { concatWindows, makeChannelWindows, type ChannelWindowOptions } from './channel-windows';
export {
  CALENDAR_FEATURES,
  calendarChannels,
  CHANNELS_PER_CALENDAR_FEATURE,
  extendTimestamps,
  futureTimestamps,
  isLocalDate,
  MAX_HOLIDAYS,
  type CalendarFeature,
} from './calendar';
export {
  assertFiniteSeries,
  asSeriesInput,
  assertSeriesInput,
  inputChannels,
  type CalendarInputs,
  type EmbeddedSeriesInput,
  type InputChannels,
  type SeriesInput,
} from './series-input';
