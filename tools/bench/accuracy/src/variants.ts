/**
 * The runs of one model: a registered architecture can be run with the transforms auto derives (`--transforms
 * derived`) and, beside that run, with a learned vector per series (`--embed-series DIM`), so that one table holds the
 * same model with and without series embeddings; every model can be run with several seeds. Only `tsf backtest`
 * options: the bench adds no modelling.
 */
import { AUTO_ARCHITECTURE, ESN_ARCHITECTURE, listArchitectures } from '@tsf/forecasting';
import { PLAIN, type Variant } from './runs';

export interface VariantOptions {
  /** `--transforms` of the registered architectures' runs. */
  readonly transforms?: 'derived';
  /** The size of the series vectors of each registered architecture's second run. */
  readonly embedSeries?: number;
}

/** Whether `model` is a registered architecture (not auto, the ESN or a baseline), which --transforms and --embed-series apply to. */
function isRegistered(model: string): boolean {
  return model !== AUTO_ARCHITECTURE && model !== ESN_ARCHITECTURE && listArchitectures().includes(model);
}

/** The variants `model` is run in: the plain run (with --transforms where asked), and with series embeddings where asked. */
export function variantsOf(model: string, { transforms, embedSeries }: VariantOptions): Variant[] {
  if (!isRegistered(model)) return [PLAIN];
  const plain: Variant = transforms === undefined ? PLAIN : { options: ['--transforms', transforms], label: ` (${transforms} transforms)` };
  if (embedSeries === undefined) return [plain];
  return [plain, { options: [...plain.options, '--embed-series', String(embedSeries)], label: `${plain.label} + series embeddings (${embedSeries})` }];
}

/** `variant` labelled with its seed, for a bench of several seeds. */
export function withSeed(variant: Variant, seed: number): Variant {
  return { ...variant, label: `${variant.label}, seed ${seed}` };
}
