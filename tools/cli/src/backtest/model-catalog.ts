import { AUTO_ARCHITECTURE, baselines, ESN_ARCHITECTURE, listArchitectures } from '@tsf/forecasting';
import { UsageError } from './options';

/**
 * A tsf model: a registered (tfjs) architecture with hyperparameters (the architecture fills in the rest), an `esn`
 * (an Echo State Network, its readout fitted in closed form), or `auto`, which chooses its own architectures,
 * lookbacks and training from the data (its params come from the run's settings).
 */
export interface TsfModelChoice {
  readonly kind: 'tsf';
  readonly name: string;
  readonly architecture: string;
  readonly params: Record<string, unknown>;
}

export interface BaselineChoice {
  readonly kind: 'baseline';
  readonly name: string;
}

export type ModelChoice = TsfModelChoice | BaselineChoice;

/** Names for common variants of the registered recurrent architectures (a registered name always wins). */
const VARIANTS: Readonly<Record<string, { architecture: string; params: Record<string, unknown> }>> = {
  bilstm: { architecture: 'lstm', params: { bidirectional: true } },
  bigru: { architecture: 'gru', params: { bidirectional: true } },
};

/** The tsf models that are not registered tfjs architectures: `auto` and `esn`. */
const OWN_KINDS: readonly string[] = [AUTO_ARCHITECTURE, ESN_ARCHITECTURE];

/** Every name `--model` accepts: `auto`, `esn`, the registered architectures, their variants, then the baselines. */
export function availableModels(): string[] {
  const architectures = listArchitectures();
  const variants = Object.keys(VARIANTS).filter((name) => !architectures.includes(name) && architectures.includes(VARIANTS[name].architecture));
  return [...OWN_KINDS, ...architectures, ...variants, ...Object.keys(baselines)];
}

/** Whether the model is `auto` (it chooses its own lookbacks and handles short histories itself). */
export const isAuto = (choice: ModelChoice): boolean => choice.kind === 'tsf' && choice.architecture === AUTO_ARCHITECTURE;

/**
 * The models to backtest: the requested tsf models in the order given, then every baseline (always reported, so that
 * each figure can be read against them). A requested baseline name is accepted and reported once.
 */
export function resolveModels(requested: readonly string[]): ModelChoice[] {
  const architectures = listArchitectures();
  const tsf: TsfModelChoice[] = [];
  for (const name of requested) {
    if (OWN_KINDS.includes(name) || architectures.includes(name)) {
      tsf.push({ kind: 'tsf', name, architecture: name, params: {} });
    } else if (VARIANTS[name] !== undefined && architectures.includes(VARIANTS[name].architecture)) {
      tsf.push({ kind: 'tsf', name, ...VARIANTS[name] });
    } else if (!Object.hasOwn(baselines, name)) {
      throw new UsageError(`unknown model "${name}" (available: ${availableModels().join(', ')})`);
    }
  }
  return [...tsf, ...Object.keys(baselines).map((name): BaselineChoice => ({ kind: 'baseline', name }))];
}
