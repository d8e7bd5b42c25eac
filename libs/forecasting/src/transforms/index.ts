export {
  BOX_COX_LAMBDA,
  levelSpan,
  levelSpecSchema,
  logSpecSchema,
  SCALE_KINDS,
  scaleKindSchema,
  transformsSpecSchema,
  type LevelSpec,
  type LogSpec,
  type ScaleKind,
  type TransformsSpec,
} from './transform-spec';
export { allPositive, deriveTransforms, type DerivedTransforms, type TransformsProfile } from './data-transforms';
export { PowerTransform } from './log';
export { WindowLevel, type WindowShape } from './level';
export {
  fitSeriesScale,
  MeanAbsScaler,
  NO_SCALE,
  seriesScaleFromJSON,
  seriesScaleStateSchema,
  type SeriesScale,
  type SeriesScaleState,
} from './series-scale';
export { ChannelTransform, SeriesTransforms, TransformPipeline } from './transform-pipeline';
