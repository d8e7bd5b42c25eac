export * from './series-key';
export * from './points-message';
export * from './parse-points';
export * from './series-events';
export * from './forecasts';
export * from './models';
