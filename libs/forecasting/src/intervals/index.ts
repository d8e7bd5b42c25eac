export { normalBandQuantile, normalQuantile } from './normal-band';
export { quantileMethodsOf, quantilesAt, type QuantileMethod, type QuantileSources } from './quantile-sources';
