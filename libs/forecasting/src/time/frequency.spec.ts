import { InvalidArgumentError } from '../errors';
import { FREQUENCY_UNITS, formatFrequency, isFrequency, isSubDaily, nominalStepMs, parseFrequency } from './frequency';

describe('frequency', () => {
  it.each(['1s', '30s', '15m', '1h', '12h', '1d', '7d', '1w', '2w', '1M', '6M', '1Q', '1Y', '999s'])('%s parses and formats back to itself', (text) => {
    expect(isFrequency(text)).toBe(true);
    expect(formatFrequency(parseFrequency(text))).toBe(text);
  });

  it('reads the count and the unit', () => {
    expect(parseFrequency('15m')).toEqual({ count: 15, unit: 'm' });
    expect(parseFrequency('3M')).toEqual({ count: 3, unit: 'M' });
    expect(FREQUENCY_UNITS).toEqual(['s', 'm', 'h', 'd', 'w', 'M', 'Q', 'Y']);
  });

  it.each(['', '0h', '01h', '1000s', '1ms', '500ms', '1H', '1y', '1q', '1D', ' 1h', '1h ', '1.5h', '-1h', 'h', '1', '1 h', '1hh'])(
    'refuses %j',
    (text) => {
      expect(isFrequency(text)).toBe(false);
      expect(() => parseFrequency(text)).toThrow(InvalidArgumentError);
    },
  );

  it('gives exact lengths for fixed units and the mean Gregorian ones for calendar units', () => {
    expect(nominalStepMs(parseFrequency('15m'))).toBe(900_000);
    expect(nominalStepMs(parseFrequency('2h'))).toBe(7_200_000);
    expect(nominalStepMs(parseFrequency('1w'))).toBe(7 * 86_400_000);
    expect(nominalStepMs(parseFrequency('1M')) / 86_400_000).toBeCloseTo(30.436875, 6);
    expect(nominalStepMs(parseFrequency('1Q'))).toBeCloseTo(3 * nominalStepMs(parseFrequency('1M')), 3);
    expect(nominalStepMs(parseFrequency('1Y')) / 86_400_000).toBeCloseTo(365.2425, 6);
  });

  it('calls seconds, minutes and hours sub-daily', () => {
    expect(['30s', '5m', '6h', '1d', '1w', '1M'].map((text) => isSubDaily(parseFrequency(text)))).toEqual([true, true, true, false, false, false]);
  });
});
