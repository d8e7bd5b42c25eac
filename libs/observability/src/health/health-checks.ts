/** One check's outcome. A structural type, so a lib that may not import this one can still provide checks. */
export interface HealthResult {
  ok: boolean;
  details?: Record<string, unknown>;
}

export type HealthCheck = () => HealthResult | Promise<HealthResult>;

/** What a probe asks: is the process alive (else restart it), is it ready to do its work (else route nothing to it). */
export type HealthKind = 'liveness' | 'readiness';

/** One check in a report: `up` or `down`, and the check's details beside it (the shape @nestjs/terminus gives an indicator). */
export type IndicatorStatus = Record<string, unknown> & { status: 'up' | 'down' };

/** The body of `/health/live` and `/health/ready`: the shape @nestjs/terminus answers in the API, so one format exists. */
export interface HealthReport {
  status: 'ok' | 'error';
  info: Record<string, IndicatorStatus>;
  error: Record<string, IndicatorStatus>;
  details: Record<string, IndicatorStatus>;
}

/** How long a check may take before it counts as failed: a probe must get an answer, and a hung dependency is a down one. */
export const HEALTH_CHECK_TIMEOUT_MS = 1000;

/**
 * The process's liveness and readiness checks, registered by whoever knows a signal (the database module's user, a
 * consumer, a worker loop). A report runs every check of its kind at once; one that throws, or that has not answered
 * within the timeout, is down. A check still running from an earlier report is awaited again rather than started twice,
 * so frequent probes against a hung dependency do not pile up calls to it.
 */
export class HealthChecks {
  private readonly checks: Record<HealthKind, Map<string, HealthCheck>> = { liveness: new Map(), readiness: new Map() };
  private readonly inFlight = new Map<HealthCheck, Promise<HealthResult>>();

  constructor(private readonly timeoutMs = HEALTH_CHECK_TIMEOUT_MS) {}

  addLiveness(name: string, check: HealthCheck): void {
    this.add('liveness', name, check);
  }

  addReadiness(name: string, check: HealthCheck): void {
    this.add('readiness', name, check);
  }

  async report(kind: HealthKind): Promise<HealthReport> {
    const statuses = await Promise.all([...this.checks[kind]].map(async ([name, check]) => [name, await this.status(check)] as const));
    const details = Object.fromEntries(statuses);
    const pick = (status: IndicatorStatus['status']) => Object.fromEntries(statuses.filter(([, s]) => s.status === status));
    const error = pick('down');
    return { status: Object.keys(error).length === 0 ? 'ok' : 'error', info: pick('up'), error, details };
  }

  private add(kind: HealthKind, name: string, check: HealthCheck): void {
    // Two registrations under one name would hide one of them from the report: a wiring mistake, caught at start.
    if (this.checks[kind].has(name)) throw new Error(`a ${kind} check named '${name}' is already registered`);
    this.checks[kind].set(name, check);
  }

  private async status(check: HealthCheck): Promise<IndicatorStatus> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`did not answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      const { ok, details } = await Promise.race([this.run(check), timeout]);
      return { ...details, status: ok ? 'up' : 'down' };
    } catch (error) {
      return { status: 'down', message: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  private run(check: HealthCheck): Promise<HealthResult> {
    let running = this.inFlight.get(check);
    if (!running) {
      // new Promise turns a synchronous throw into a rejection.
      running = new Promise<HealthResult>((resolve) => resolve(check())).finally(() => this.inFlight.delete(check));
      this.inFlight.set(check, running);
    }
    return running;
  }
}

/** A check that passes when `ping` resolves (e.g. `SELECT 1`); its rejection's message is the detail. */
export function answers(ping: () => Promise<unknown>): HealthCheck {
  return async () => {
    await ping();
    return { ok: true };
  };
}
