import { WorkerActivity } from './worker-activity';

describe('trainer worker activity', () => {
  let now: number;
  let activity: WorkerActivity;

  beforeEach(() => {
    now = 0;
    activity = new WorkerActivity(1_000, () => now);
  });

  it('is not ready before the loop runs, ready while it runs, and not ready once it stops', () => {
    expect(activity.readiness()).toEqual({ ok: false, details: { state: 'starting' } });
    activity.running();
    expect(activity.readiness()).toEqual({ ok: true, details: { state: 'running' } });
    activity.stopping();
    expect(activity.readiness().ok).toBe(false);
    // Shutting down is not death: the supervisor must let it hand its job back.
    expect(activity.liveness().ok).toBe(true);
  });

  it('stays live while the loop moves within the window, and turns not-live when it stands still longer', () => {
    activity.running();
    now = 900;
    activity.moved();
    now = 1_900;
    expect(activity.liveness()).toEqual({ ok: true, details: { state: 'running', sinceProgressMs: 1_000, windowMs: 1_000 } });
    now = 1_901;
    expect(activity.liveness()).toEqual({ ok: false, details: { state: 'running', sinceProgressMs: 1_001, windowMs: 1_000 } });
  });

  it('turns not-live and not-ready for good once the loop stopped on an error, naming it', () => {
    activity.running();
    activity.failed(new Error('relation "training_jobs" does not exist'));
    activity.moved();
    activity.stopping();
    expect(activity.liveness()).toEqual({ ok: false, details: { state: 'failed', message: 'the worker loop stopped: relation "training_jobs" does not exist' } });
    expect(activity.readiness()).toEqual({ ok: false, details: { state: 'failed' } });
  });
});
