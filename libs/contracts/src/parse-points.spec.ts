import { parsePointsMessage } from './parse-points';

const ok = (raw: string, key: string | null = null) => {
  const result = parsePointsMessage(raw, key);
  if (!result.ok) throw new Error(`expected ok, got ${result.reason}: ${result.detail}`);
  return result.value;
};
const reasonOf = (raw: string | Buffer, key: string | null = null) => {
  const result = parsePointsMessage(raw, key, { maxMessageBytes: 200, maxPointsPerMessage: 3 });
  return result.ok ? 'ok' : result.reason;
};

describe('points message contract', () => {
  it('accepts one point with an ISO timestamp and labels', () => {
    expect(ok('{"series":"ett/OT","ts":"2016-07-01T00:00:00Z","value":30.5,"labels":{"site":"a"}}', 'ett/OT')).toEqual({
      series: 'ett/OT',
      labels: { site: 'a' },
      points: [{ ts: Date.UTC(2016, 6, 1), value: 30.5 }],
    });
  });

  it('accepts a batch with epoch milliseconds and ISO offsets', () => {
    const value = ok('{"series":"s1","points":[[1467331200000,1],["2016-07-01T02:00:00+02:00",2]]}');
    expect(value.points).toEqual([
      { ts: 1467331200000, value: 1 },
      { ts: Date.UTC(2016, 6, 1), value: 2 },
    ]);
  });

  it("reads an ISO stamp without a zone as UTC, whatever the machine's time zone", () => {
    expect(ok('{"series":"s","points":[["2016-07-01T02:00:00",1],["2016-07-01 02:00",2],["2016-07-01",3]]}').points.map((p) => p.ts)).toEqual([
      Date.UTC(2016, 6, 1, 2),
      Date.UTC(2016, 6, 1, 2),
      Date.UTC(2016, 6, 1),
    ]);
  });

  it.each([
    ['not JSON', 'nope{', 'not_json'],
    ['empty body', '', 'not_json'],
    ['missing value', '{"series":"s","ts":0}', 'invalid_schema'],
    ['unknown field', '{"series":"s","ts":1467331200000,"value":1,"extra":1}', 'invalid_schema'],
    ['string value', '{"series":"s","ts":1467331200000,"value":"1"}', 'invalid_schema'],
    ['infinite value', '{"series":"s","ts":1467331200000,"value":1e999}', 'non_finite_value'],
    ['infinite value in a batch', '{"series":"s","points":[[1467331200000,1e999]]}', 'non_finite_value'],
    ['unparseable timestamp', '{"series":"s","ts":"yesterday","value":1}', 'bad_timestamp'],
    ['impossible calendar date', '{"series":"s","ts":"2021-02-30T00:00:00Z","value":1}', 'bad_timestamp'],
    ['month 13', '{"series":"s","ts":"2021-13-01","value":1}', 'bad_timestamp'],
    ['absurd timestamp (seconds sent as ms x1000)', '{"series":"s","ts":1467331200000000,"value":1}', 'bad_timestamp'],
    ['invalid series key', '{"series":"a b","ts":1467331200000,"value":1}', 'invalid_schema'],
    ['empty batch', '{"series":"s","points":[]}', 'invalid_schema'],
    ['too many points', '{"series":"s","points":[[1,1],[2,2],[3,3],[4,4]]}', 'too_many_points'],
    ['a NUL in a label value', '{"series":"s","ts":1467331200000,"value":1,"labels":{"site":"a\\u0000"}}', 'unstorable'],
    ['a lone surrogate in a label value', '{"series":"s","points":[[1467331200000,1]],"labels":{"site":"\\ud800"}}', 'unstorable'],
    ['a NUL in a label name', '{"series":"s","ts":1467331200000,"value":1,"labels":{"a\\u0000":"v"}}', 'unstorable'],
    ['too large', `{"series":"s","ts":1467331200000,"value":1,"labels":{"a":"${'x'.repeat(300)}"}}`, 'too_large'],
  ])('rejects %s', (_name, raw, reason) => {
    expect(reasonOf(raw)).toBe(reason);
  });

  it('rejects a message whose key is not its series', () => {
    expect(reasonOf('{"series":"s","ts":1467331200000,"value":1}', 'other')).toBe('key_mismatch');
  });
});
