import type { KafkaMessage } from 'kafkajs';
import { influxLineFormat, type InfluxLineOptions, keyPart } from './influx-line-format';
import type { DecodeResult } from './points-format';

const LIMITS = { maxMessageBytes: 2_000, maxPointsPerMessage: 6 };
const NS = 1_700_000_000_000_000_000n;
const MS = 1_700_000_000_000;
const ALL_TAGS: InfluxLineOptions = { precision: 'ns', keyTags: 'all' };

function decode(text: string, options: InfluxLineOptions = ALL_TAGS): DecodeResult {
  const message = { key: Buffer.from('telegraf'), value: Buffer.from(text), timestamp: '0', attributes: 0, offset: '0', headers: {} } as KafkaMessage;
  return influxLineFormat(options, LIMITS).decode(message) as DecodeResult;
}

describe('influx line protocol points format', () => {
  it('makes each numeric field of a Telegraf line a series <measurement>/<field>/<tag>:<value>…, labelled with the tags', () => {
    expect(decode(`cpu,host=web-1,cpu=cpu0 usage_idle=98.5,usage_user=1i ${NS}`)).toEqual({
      ok: true,
      series: [
        { series: 'cpu/usage_idle/cpu:cpu0/host:web-1', labels: { host: 'web-1', cpu: 'cpu0' }, points: [{ ts: MS, value: 98.5 }] },
        { series: 'cpu/usage_user/cpu:cpu0/host:web-1', labels: { host: 'web-1', cpu: 'cpu0' }, points: [{ ts: MS, value: 1 }] },
      ],
    });
  });

  it('keys series by the configured tags only, in their order, and groups a message’s lines into series', () => {
    const lines = [`mem,host=a,region=eu used=1 ${NS}`, `mem,region=us,host=a used=2 ${NS + 10_000_000_000n}`, `mem,region=eu used=3 ${NS}`].join('\n');
    expect(decode(lines, { precision: 'ns', keyTags: ['host'] })).toEqual({
      ok: true,
      series: [
        { series: 'mem/used/host:a', labels: { host: 'a', region: 'eu' }, points: [{ ts: MS, value: 1 }, { ts: MS + 10_000, value: 2 }] },
        { series: 'mem/used', labels: { region: 'eu' }, points: [{ ts: MS, value: 3 }] },
      ],
    });
  });

  it('skips string and boolean fields; a line of only those stores nothing and is not an error', () => {
    expect(decode(`system,host=a load1=0.5,uptime_format="1 day",ok=true ${NS}`)).toEqual({
      ok: true,
      series: [{ series: 'system/load1/host:a', labels: { host: 'a' }, points: [{ ts: MS, value: 0.5 }] }],
    });
    expect(decode(`system,host=a uptime_format="1 day" ${NS}`)).toEqual({ ok: true, series: [] });
  });

  it('reads timestamps in the configured precision', () => {
    for (const [precision, ts] of [['s', '1700000000'], ['ms', '1700000000000'], ['us', '1700000000000000']] as const) {
      expect(decode(`m v=1 ${ts}`, { precision, keyTags: 'all' })).toMatchObject({ ok: true, series: [{ points: [{ ts: MS }] }] });
    }
  });

  it('escapes characters outside the key alphabet deterministically, so distinct names keep distinct keys', () => {
    expect(keyPart('cpu-total')).toBe('cpu-total');
    expect(keyPart('/var/log')).toBe('@2Fvar@2Flog');
    expect(keyPart('a_b')).not.toBe(keyPart('a/b'));
    expect(keyPart('a:b@c é')).toBe('a@3Ab@40c@20@C3@A9');
    expect(decode(`disk,path=/boot used_percent=12 ${NS}`)).toMatchObject({ ok: true, series: [{ series: 'disk/used_percent/path:@2Fboot', labels: { path: '/boot' } }] });
  });

  it('rejects a line without a timestamp: stamping arrival time would make redelivery store new points', () => {
    expect(decode(`m v=1 ${NS}\nm v=2`)).toEqual({
      ok: false,
      reason: 'missing_timestamp',
      detail: 'line 2: no timestamp (one is required so that redelivery stores the same points)',
    });
  });

  it('rejects the whole message for one bad part, naming the line and the field', () => {
    expect(decode(`m v=1 ${NS}\nm v=1e999 ${NS}`)).toEqual({ ok: false, reason: 'non_finite_value', detail: 'line 2, field "v": value is not finite' });
    expect(decode(`m v=1 ${NS}\nm v=oops ${NS}`)).toEqual({
      ok: false,
      reason: 'not_line_protocol',
      detail: 'line 2: field "v": "oops" is not a float, integer, unsigned, string or boolean',
    });
    expect(decode('m v=1 -3000000000000000000')).toEqual({ ok: false, reason: 'bad_timestamp', detail: 'line 1: timestamp -3000000000000000000 (ns) is outside 1900..2200' });
    expect(decode(`_internal v=1 ${NS}`)).toMatchObject({ ok: false, reason: 'invalid_schema', detail: expect.stringMatching(/^line 1, field "v", series key "_internal\/v": /) });
    expect(decode(`m,k=${'x'.repeat(501)} v=1 ${NS}`)).toMatchObject({ ok: false, reason: 'invalid_schema', detail: expect.stringMatching(/^line 1, tags k: /) });
    expect(decode(`m a=1,b=2,c=3,d=4 ${NS}\nm e=5,f=6,g=7 ${NS}`)).toEqual({ ok: false, reason: 'too_many_points', detail: 'more than 6 points in one message' });
  });

  it('rejects empty, comment-only and oversized messages', () => {
    expect(decode('')).toEqual({ ok: false, reason: 'not_line_protocol', detail: 'empty message' });
    expect(decode('# nothing\n\n')).toEqual({ ok: false, reason: 'not_line_protocol', detail: 'no lines, only blanks and comments' });
    expect(decode(`m v="${'x'.repeat(2_000)}" ${NS}`)).toMatchObject({ ok: false, reason: 'too_large' });
  });
});
