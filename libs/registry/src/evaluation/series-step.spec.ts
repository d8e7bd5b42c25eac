import { forecastSteps, frequencyInForce, parseFrequency } from '@tsf/forecasting';
import { actualsOfSteps, forecastToStore, storedForecastSteps } from './series-step';

const HOUR = 3_600_000;
const MONTHS = Array.from({ length: 12 }, (_, i) => Date.UTC(2023, i, 1));

describe('forecast evaluation steps', () => {
  it('a stored monthly forecast is scored at the month starts the API stamped, found again from the grid', () => {
    const frequency = frequencyInForce(null, MONTHS, 'UTC');
    const stored = forecastToStore(MONTHS, 3, frequency, 'UTC');
    expect(stored.origin).toBe(Date.UTC(2023, 11, 1));
    const { instants } = forecastSteps(MONTHS[11], 3, { frequency: '1M', fallbackStepMs: 0 });
    expect(storedForecastSteps(stored.origin, stored.stepMs, 3, parseFrequency('1M'), 'UTC')).toEqual(instants);
    expect(instants).toEqual([Date.UTC(2024, 0, 1), Date.UTC(2024, 1, 1), Date.UTC(2024, 2, 1)]);
  });

  it('a fixed frequency stores its step; a grid that does not reproduce the stored span falls back to origin + (i + 1) × stepMs', () => {
    const hours = [0, 1, 2, 3].map((h) => h * HOUR);
    expect(forecastToStore(hours, 2, frequencyInForce(null, hours, 'UTC'), 'UTC')).toEqual({ origin: 3 * HOUR, stepMs: HOUR, instants: [4 * HOUR, 5 * HOUR] });
    expect(storedForecastSteps(3 * HOUR, HOUR, 2, parseFrequency('1M'), 'UTC')).toEqual([4 * HOUR, 5 * HOUR]);
    expect(storedForecastSteps(3 * HOUR, HOUR, 2, null, 'UTC')).toEqual([4 * HOUR, 5 * HOUR]);
  });

  it('each step is scored against the actual of its grid step, nearest its instant; a step without one has none', () => {
    const instants = [HOUR, 2 * HOUR, 3 * HOUR, 4 * HOUR];
    // 0:55 is early for step 0 (within 10%), 1:07 is late for it; 2:00 exact; nothing for hour 3; 4:30 is late for the last
    const actuals = [0.5 * HOUR, 0.95 * HOUR, HOUR + 7 * 60_000, 2 * HOUR, 4.5 * HOUR];
    expect(actualsOfSteps(0, instants, actuals)).toEqual([1, 3, -1, 4]);
  });
});
