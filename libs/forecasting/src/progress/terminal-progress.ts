/**
 * Per-epoch training progress for terminals. On a TTY it redraws one line in place
 * (bar, epoch, loss, val loss, ETA); otherwise (CI logs, files, pipes) it writes plain lines.
 *
 *   const progress = new TerminalProgress({ label: 'lstm' });
 *   await forecaster.fit(series, { epochs: 50, onEpoch: progress.onEpoch });
 *   progress.done();
 */
import type { FitProgress } from '../training';

export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface TerminalProgressOptions {
  /** Where to write. Default process.stderr. */
  stream?: ProgressStream;
  /** Prefix for every line, e.g. the series or model id. */
  label?: string;
  /** Force TTY (true) or plain-line (false) rendering. Default: stream.isTTY. */
  tty?: boolean;
  /** Plain-line mode only: print every n-th epoch (the last epoch is always printed). Default 1. */
  every?: number;
  /** Bar width in characters (TTY mode). Default 24. */
  barWidth?: number;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

function formatLoss(x: number | undefined): string {
  if (x === undefined) return '-';
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toFixed(5) : x.toExponential(3);
}

export class TerminalProgress {
  private readonly stream: ProgressStream;
  private readonly tty: boolean;
  private readonly label: string;
  private readonly every: number;
  private readonly barWidth: number;
  private drawn = false;

  constructor(options: TerminalProgressOptions = {}) {
    this.stream = options.stream ?? process.stderr;
    this.tty = options.tty ?? Boolean(this.stream.isTTY);
    this.label = options.label ? `${options.label} ` : '';
    this.every = Math.max(1, Math.floor(options.every ?? 1));
    this.barWidth = Math.max(5, Math.floor(options.barWidth ?? 24));
  }

  /** Pass as FitOptions.onEpoch (already bound). */
  readonly onEpoch = (p: FitProgress): void => {
    if (this.tty) {
      const filled = Math.round((p.epoch / Math.max(1, p.epochs)) * this.barWidth);
      const bar = '█'.repeat(filled) + '░'.repeat(this.barWidth - filled);
      let line =
        `${this.label}${bar} ${String(p.epoch).padStart(String(p.epochs).length)}/${p.epochs}` +
        ` loss ${formatLoss(p.loss)}` +
        (p.valLoss !== undefined ? ` val ${formatLoss(p.valLoss)}` : '') +
        ` ${formatDuration(p.elapsedMs)} eta ${formatDuration(p.etaMs)}`;
      const cols = this.stream.columns;
      if (cols && line.length > cols - 1) line = line.slice(0, cols - 1);
      this.stream.write(`\r\x1b[2K${line}`);
      this.drawn = true;
    } else if (p.epoch % this.every === 0 || p.epoch === p.epochs || p.epoch === 1) {
      this.stream.write(
        `${this.label}epoch ${p.epoch}/${p.epochs} loss=${formatLoss(p.loss)}` +
          (p.valLoss !== undefined ? ` val_loss=${formatLoss(p.valLoss)}` : '') +
          ` lr=${p.learningRate.toExponential(2)} elapsed=${formatDuration(p.elapsedMs)} eta=${formatDuration(p.etaMs)}\n`,
      );
    }
  };

  /** Ends the in-place line (TTY) and optionally prints a final message. */
  done(message?: string): void {
    if (this.tty && this.drawn) this.stream.write('\n');
    this.drawn = false;
    if (message) this.stream.write(`${this.label}${message}\n`);
  }
}
