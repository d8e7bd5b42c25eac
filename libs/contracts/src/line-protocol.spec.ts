import { lineTimestampToMs, parseLineProtocol, type ProtocolLine } from './line-protocol';

function lines(text: string): ProtocolLine[] {
  const result = parseLineProtocol(text);
  if (!result.ok) throw new Error(`line ${result.lineNumber}: ${result.detail}`);
  return result.lines;
}

function failure(text: string): { lineNumber: number; detail: string } {
  const result = parseLineProtocol(text);
  if (result.ok) throw new Error(`parsed: ${JSON.stringify(result.lines, (_, v) => (typeof v === 'bigint' ? String(v) : v))}`);
  return { lineNumber: result.lineNumber, detail: result.detail };
}

describe('line protocol parser', () => {
  it('reads a Telegraf line: measurement, tags, typed fields and a nanosecond timestamp', () => {
    expect(lines('cpu,cpu=cpu0,host=web-1 usage_idle=98.5,usage_user=1.25,cores=8i,big=18446744073709551615u 1700000000000000000')).toEqual([
      {
        lineNumber: 1,
        measurement: 'cpu',
        tags: [{ key: 'cpu', value: 'cpu0' }, { key: 'host', value: 'web-1' }],
        fields: [
          { key: 'usage_idle', value: { kind: 'float', value: 98.5 } },
          { key: 'usage_user', value: { kind: 'float', value: 1.25 } },
          { key: 'cores', value: { kind: 'integer', value: 8 } },
          { key: 'big', value: { kind: 'unsigned', value: 18446744073709551615 } },
        ],
        timestamp: 1700000000000000000n,
      },
    ]);
  });

  it('reads strings, every boolean spelling and float forms; a line may have no tags and no timestamp', () => {
    const [line] = lines('system uptime_format="1 day,  2:03",ok=t,a=T,b=true,c=True,d=TRUE,e=f,g=F,h=false,i=False,j=FALSE,x=-1.5e3,y=.5,z=3.');
    expect(line.tags).toEqual([]);
    expect(line.timestamp).toBeUndefined();
    expect(Object.fromEntries(line.fields.map(({ key, value }) => [key, value.value]))).toEqual({
      uptime_format: '1 day,  2:03', ok: true, a: true, b: true, c: true, d: true, e: false, g: false, h: false, i: false, j: false,
      x: -1500, y: 0.5, z: 3,
    });
  });

  it('unescapes measurements, tag keys and values, field keys and string values as the protocol defines', () => {
    const [line] = lines('my\\ meas\\,ure=x,ta\\=g\\ k=v\\,a\\ l\\=ue,path=C:\\dir f\\ i\\,e\\=ld="say \\"hi\\" \\\\ back\\slash" -5');
    expect(line.measurement).toBe('my meas,ure=x');
    expect(line.tags).toEqual([{ key: 'ta=g k', value: 'v,a l=ue' }, { key: 'path', value: 'C:\\dir' }]);
    expect(line.fields).toEqual([{ key: 'f i,e=ld', value: { kind: 'string', value: 'say "hi" \\ back\\slash' } }]);
    expect(line.timestamp).toBe(-5n);
  });

  it('skips blank and comment lines but numbers lines as the text does; accepts CRLF line ends', () => {
    const parsed = lines('# written by telegraf\r\n\r\nmem used=1 1\r\n   \n  disk free=2 2\n');
    expect(parsed.map((line) => [line.lineNumber, line.measurement])).toEqual([[3, 'mem'], [5, 'disk']]);
  });

  it('reports the first malformed line by number and says what is wrong with it', () => {
    expect(failure('mem used=1 1\ncpu usage 1')).toEqual({ lineNumber: 2, detail: 'expected "=" after field "usage", found " "' });
    expect(failure('cpu')).toEqual({ lineNumber: 1, detail: 'expected " " after the measurement and its tags, found the end of the line' });
    expect(failure('cpu,host= v=1').detail).toBe('empty tag "host" value');
    expect(failure('cpu,host=a=b v=1').detail).toBe('unescaped "=" in the value of tag "host"');
    expect(failure('cpu,h=a,h=b v=1').detail).toBe('tag "h" appears twice');
    expect(failure('cpu v=1,v=2').detail).toBe('field "v" appears twice');
    expect(failure('cpu v=abc').detail).toBe('field "v": "abc" is not a float, integer, unsigned, string or boolean');
    expect(failure('cpu v="open').detail).toBe('field "v": unterminated string');
    expect(failure('cpu v=1 yesterday').detail).toBe('timestamp "yesterday" is not an integer');
    expect(failure('cpu v=1 1 2').detail).toBe('timestamp "1 2" is not an integer');
    expect(failure('cpu v="a"x').detail).toBe('unexpected "x" after the fields');
    expect(failure(' ,host=a v=1').detail).toBe('empty measurement');
  });

  it('refuses integers outside int64 and unsigned outside uint64, and negative unsigned', () => {
    expect(lines('m v=-9223372036854775808i,w=9223372036854775807i')[0].fields.map((f) => f.value.kind)).toEqual(['integer', 'integer']);
    expect(failure('m v=9223372036854775808i').detail).toBe('field "v": 9223372036854775808i is out of the int64 range');
    expect(failure('m v=18446744073709551616u').detail).toBe('field "v": 18446744073709551616u is out of the uint64 range');
    expect(failure('m v=-1u').detail).toMatch(/is not a float/);
  });

  it('gives a float beyond float64 as Infinity, for the consumer to reject as non-finite', () => {
    expect(lines('m v=1e999')[0].fields[0].value).toEqual({ kind: 'float', value: Infinity });
  });

  it('converts timestamps to epoch milliseconds in each precision, rounding half up like the JSON contract', () => {
    expect(lineTimestampToMs(1700000000123456789n, 'ns')).toBe(1700000000123);
    expect(lineTimestampToMs(1700000000123500000n, 'ns')).toBe(1700000000124);
    expect(lineTimestampToMs(1700000000123500n, 'us')).toBe(1700000000124);
    expect(lineTimestampToMs(1700000000123n, 'ms')).toBe(1700000000123);
    expect(lineTimestampToMs(1700000000n, 's')).toBe(1700000000000);
    for (const ns of [-1_500_000n, -1_600_000n, -1_400_000n, 2_500_000n]) {
      expect(lineTimestampToMs(ns, 'ns')).toBe(Math.round(Number(ns) / 1e6));
    }
  });
});
