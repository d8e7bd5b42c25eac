import type * as tf from '@tensorflow/tfjs';

export interface LayerSummary {
  name: string;
  type: string;
  outputShape: string;
  params: number;
}

export interface ModelSummary {
  layers: LayerSummary[];
  totalParams: number;
  trainableParams: number;
}

function formatShape(shape: unknown): string {
  const one = (s: unknown) => (Array.isArray(s) ? `(${s.map((d) => (d === null ? 'None' : String(d))).join(', ')})` : String(s));
  if (Array.isArray(shape) && shape.length > 0 && Array.isArray(shape[0])) return (shape as unknown[]).map(one).join(', ');
  return one(shape);
}

/** Keras-style layer table of a model: each layer's name, type (Bidirectional names its inner layer), output shape, parameters. */
export function summarizeModel(model: tf.LayersModel): ModelSummary {
  const layers = model.layers.map((layer) => {
    let type = layer.getClassName();
    if (type === 'Bidirectional') {
      const inner = (layer.getConfig() as { layer?: { className?: string } }).layer?.className;
      if (inner) type = `Bidirectional(${inner})`;
    }
    let outputShape: string;
    try {
      outputShape = formatShape(layer.outputShape);
    } catch {
      outputShape = 'multiple'; // a layer applied more than once has no single output shape
    }
    return { name: layer.name, type, outputShape, params: layer.countParams() };
  });
  const trainableParams = model.trainableWeights.reduce((acc, w) => acc + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);
  return { layers, totalParams: model.countParams(), trainableParams };
}
