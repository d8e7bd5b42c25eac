import { EVENT_LOOP_SLICE_MS, EventLoopSlices } from './event-loop-slices';

describe('EventLoopSlices', () => {
  let clock = 0;
  beforeEach(() => {
    clock = 0;
    jest.spyOn(performance, 'now').mockImplementation(() => clock);
  });
  afterEach(() => jest.restoreAllMocks());

  /** Runs `tasks` callers that each run work of `workMs` (on the fake clock); returns the loop turn each ran in. */
  async function turnsOf(tasks: number, workMs: number): Promise<number[]> {
    const slices = new EventLoopSlices();
    let turn = 0;
    let counting = true;
    const countTurns = () => {
      if (!counting) return;
      turn++;
      setImmediate(countTurns);
    };
    setImmediate(countTurns);
    const ranIn: number[] = [];
    await Promise.all(
      Array.from({ length: tasks }, async () => {
        await slices.run(() => {
          ranIn.push(turn);
          clock += workMs;
        });
      }),
    );
    counting = false;
    return ranIn;
  }

  it('cheap work runs without waiting for another turn of the loop', async () => {
    expect(new Set(await turnsOf(50, 0.01)).size).toBe(1);
  });

  it('callers whose work together outlasts a slice are spread over turns, each turn holding about one slice', async () => {
    const workMs = 3;
    const ranIn = await turnsOf(25, workMs);
    const perTurn = new Map<number, number>();
    for (const turn of ranIn) perTurn.set(turn, (perTurn.get(turn) ?? 0) + 1);
    // a slice admits work until EVENT_LOOP_SLICE_MS has passed: ceil(10 / 3) = 4 callers, then the next turn
    expect(Math.max(...perTurn.values())).toBe(Math.ceil(EVENT_LOOP_SLICE_MS / workMs));
    expect(perTurn.size).toBe(Math.ceil(25 / Math.ceil(EVENT_LOOP_SLICE_MS / workMs)));
    // every caller ran, in the order they asked
    expect(ranIn).toHaveLength(25);
    expect([...ranIn].sort((a, b) => a - b)).toEqual(ranIn);
  });
});
