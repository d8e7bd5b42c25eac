import { expandGrafanaMacros } from './grafana-macros';

const context = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-01-02T00:00:00Z'), intervalSeconds: 300, variables: { series: "it's" } };

describe('Grafana macro expansion (as the Postgres data source does it)', () => {
  it('expands time filters, time groups with nested expressions, intervals and quoted variables', () => {
    const sql = "SELECT $__timeGroupAlias(a + b * interval '1 ms', $__interval), x FROM t WHERE k = '$series' AND $__timeFilter(ts) GROUP BY $__timeGroup(ts, 1h)";
    expect(expandGrafanaMacros(sql, context)).toBe(
      "SELECT floor(extract(epoch from a + b * interval '1 ms')/300)*300 AS \"time\", x FROM t WHERE k = 'it''s' AND " +
        "ts BETWEEN '2026-01-01T00:00:00.000Z' AND '2026-01-02T00:00:00.000Z' GROUP BY floor(extract(epoch from ts)/3600)*3600",
    );
  });

  it('refuses a variable it has no value for', () => {
    expect(() => expandGrafanaMacros("WHERE m = '$model'", context)).toThrow('$model');
  });
});
