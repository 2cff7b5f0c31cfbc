import { compileExpression } from '../compile.js';
import { formatDotNet, parseDotNet } from '../dotnet-datetime.js';
import type { Value } from '../values.js';

const NOW = new Date(Date.UTC(2021, 7, 25, 17, 41, 18));

function run(expression: string, attributes: Record<string, Value> = {}): Value {
  const compiled = compileExpression(expression);
  if (!compiled.ok) throw new Error(compiled.errors.map((x) => x.message).join('; '));
  return compiled.attribute.evaluate({
    read: (name) => attributes[name] ?? null,
    ctx: { now: () => NOW, random: () => 0, isUnique: () => true },
  });
}

/** Renders DateTimes as Entra prints them, so rows read like the documentation's examples. */
const text = (expression: string, attributes?: Record<string, Value>) =>
  run(`CStr(${expression})`, attributes);

describe('CDate (UTC, M/d/yyyy h:mm:ss tt)', () => {
  it.each([
    ['2020-03-16-07:00', '3/16/2020 7:00:00 AM'],
    ['2021-06-30+08:00', '6/29/2021 4:00:00 PM'],
    ['2009-06-15T01:45:30-07:00', '6/15/2009 8:45:30 AM'],
    ['2021-08-24', '8/24/2021 12:00:00 AM'],
    ['2021-08-24T13:05:09Z', '8/24/2021 1:05:09 PM'],
    ['8/25/2021 5:41:18 PM', '8/25/2021 5:41:18 PM'],
  ])('%s -> %s', (input, expected) => {
    expect(text('CDate([d])', { d: input })).toBe(expected);
  });

  it('is null for a null source', () => {
    expect(run('CDate([missing])')).toBeNull();
  });
});

describe('DateAdd', () => {
  it.each([
    ['"d", 7', '3/23/2012 7:00:00 AM'],
    ['"d", -10', '3/6/2012 7:00:00 AM'],
    ['"ww", 2', '3/30/2012 7:00:00 AM'],
    ['"m", 10', '1/16/2013 7:00:00 AM'],
    ['"yyyy", 2', '3/16/2014 7:00:00 AM'],
    ['"h", 5', '3/16/2012 12:00:00 PM'],
    ['"n", 90', '3/16/2012 8:30:00 AM'],
    ['"s", 30', '3/16/2012 7:00:30 AM'],
  ])('DateAdd(%s, hire)', (args, expected) => {
    expect(text(`DateAdd(${args}, CDate([hire]))`, { hire: '2012-03-16-07:00' })).toBe(expected);
  });

  it('clamps to the end of the month like .NET AddMonths', () => {
    expect(text('DateAdd("m", 1, CDate("2021-01-31"))')).toBe('2/28/2021 12:00:00 AM');
  });
});

describe('DateDiff (interval boundaries, positive when date2 > date1)', () => {
  it.each([
    ['d', 'CDate("2021-08-18+08:00")', 'CDate("2021-08-31+08:00")', 13],
    ['d', 'Now()', 'CDate("2012-03-16-07:00")', -3449],
    ['ww', 'Now()', 'CDate("2012-03-16-07:00")', -493],
    ['m', 'Now()', 'CDate("2012-03-16-07:00")', -113],
    ['yyyy', 'Now()', 'CDate("2012-03-16-07:00")', -9],
    ['d', 'CDate("2021-08-31+08:00")', 'CDate("2021-08-31+08:00")', 0],
    ['h', 'CDate("2021-08-24")', 'CDate("2021-08-25")', 24],
    ['n', 'CDate("2021-08-24")', 'CDate("2021-08-25")', 1440],
    ['s', 'CDate("2021-08-24")', 'CDate("2021-08-25")', 86400],
  ])('DateDiff("%s", %s, %s) = %i', (interval, d1, d2, expected) => {
    expect(run(`DateDiff("${interval}", ${d1}, ${d2})`)).toBe(expected);
  });

  it('is null when a date is null', () => {
    expect(run('DateDiff("d", Now(), CDate([missing]))')).toBeNull();
  });
});

describe('FormatDateTime (.NET formats)', () => {
  it.each([
    ['20150123105347.1Z', 'yyyyMMddHHmmss.fZ', 'yyyy-MM-dd', '2015-01-23'],
    ['2020-12-31-08:00', 'yyyy-MM-ddzzz', 'yyyy-MM-dd', '2020-12-31'],
    ['12/31/2020 11:59:59 PM', 'M/d/yyyy hh:mm:ss tt', 'yyyy-MM-dd', '2020-12-31'],
    ['2021-03-04', 'yyyy-MM-dd', 'dddd, MMMM d, yyyy', 'Thursday, March 4, 2021'],
    ['2021-03-04', 'yyyy-MM-dd', 'ddd MMM dd yy', 'Thu Mar 04 21'],
    ['2021-03-04 13:05', 'yyyy-MM-dd HH:mm', "h 'o''clock' tt", '1 oclock PM'],
    ['2021-03-04 13:05', 'yyyy-MM-dd HH:mm', 'o', '2021-03-04T13:05:00.0000000Z'],
  ])('%s (%s) -> %s', (source, input, output, expected) => {
    expect(run(`FormatDateTime([d], , "${input}", "${output.replace(/"/g, '\\"')}")`, { d: source })).toBe(
      expected,
    );
  });

  it('fails when the source does not match the input format', () => {
    expect(() => run('FormatDateTime([d], , "yyyy-MM-dd", "yyyy")', { d: '03/04/2021' })).toThrow(
      'does not match',
    );
  });

  it('formats a DateTime without parsing it', () => {
    expect(run('FormatDateTime(Now(), , "ignored", "yyyyMMdd")')).toBe('20210825');
  });

  it('is null for a null source', () => {
    expect(run('FormatDateTime([missing], , "yyyy", "yyyy")')).toBeNull();
  });
});

describe('AD file times', () => {
  it.each([
    ['DateFromNum(129699324000000000)', '1/1/2012 11:00:00 PM'],
    ['DateFromNum("129699324000000000")', '1/1/2012 11:00:00 PM'],
  ])('%s -> %s', (expression, expected) => {
    expect(text(expression)).toBe(expected);
  });

  it('NumFromDate is the inverse', () => {
    expect(run('NumFromDate("2012-01-01T23:00:00Z")')).toBe('129699324000000000');
    expect(run('NumFromDate(Join("", "2020-12-31", " 23:59:59-08:00"))')).toBe('132539615990000000');
  });
});

describe('.NET format helpers', () => {
  it.each([
    ['2021-02-29', 'yyyy-MM-dd'],
    ['2021-13-01', 'yyyy-MM-dd'],
    ['2021-01-01x', 'yyyy-MM-dd'],
    ['21-01-01', 'yyyy-MM-dd'],
  ])('rejects %s for %s', (input, format) => {
    expect(parseDotNet(input, format)).toBeNull();
  });

  it('renders 12-hour clocks and two-digit years', () => {
    const d = new Date(Date.UTC(2009, 5, 15, 0, 5, 7, 120));
    expect(formatDotNet(d, 'h:mm:ss tt yy y fff FF K zzz')).toBe('12:05:07 AM 09 9 120 12 Z +00:00');
  });
});

describe(".NET DateTime's range and strictness", () => {
  it.each([
    ['0005-03-01', '3/1/0005 12:00:00 AM'],
    ['0099-12-31T23:59:59Z', '12/31/0099 11:59:59 PM'],
    ['9999-12-31T23:59:59Z', '12/31/9999 11:59:59 PM'],
    ['2/29/2024 1:00:00 PM', '2/29/2024 1:00:00 PM'],
  ])('CDate keeps %s (years below 100 are not 1900s)', (input, expected) => {
    expect(text('CDate([d])', { d: input })).toBe(expected);
  });

  it.each([
    '2023-02-30',
    '2023-13-01',
    '2023-04-31T00:00:00Z',
    '2023-01-01T24:00:00Z',
    '2/29/2023',
    '0000-01-01',
    '13/1/2023 0:00:00 PM',
  ])('CDate refuses the impossible date %s, as FormatDateTime does', (input) => {
    expect(() => run('CDate([d])', { d: input })).toThrow(/is not a date/);
  });

  it('FormatDateTime refuses what CDate refuses', () => {
    expect(() => run('FormatDateTime([d], , "yyyy-MM-dd", "yyyyMMdd")', { d: '2023-02-30' })).toThrow(
      /does not match/,
    );
  });

  it('reads two-digit years as .NET does (00-49 -> 2000s, 50-99 -> 1900s)', () => {
    expect(run('FormatDateTime([d], , "yy-MM-dd", "yyyy")', { d: '49-01-01' })).toBe('2049');
    expect(run('FormatDateTime([d], , "yy-MM-dd", "yyyy")', { d: '50-01-01' })).toBe('1950');
  });

  it.each([
    ['"yyyy", 100000', '2012-03-16T07:00:00Z'],
    ['"d", 9007199254740991', '2012-03-16T07:00:00Z'],
    ['"yyyy", -2012', '2012-03-16T07:00:00Z'],
  ])(
    'DateAdd(%s, ...) past year 9999 or before year 1 fails for the user, never writes NaN',
    (args, date) => {
      expect(() => run(`DateAdd(${args}, CDate([d]))`, { d: date })).toThrow(/outside .NET DateTime's range/);
    },
  );

  it('DateFromNum past year 9999 fails for the user', () => {
    expect(() => run('DateFromNum([n])', { n: '9'.repeat(30) })).toThrow(/outside .NET DateTime's range/);
  });

  it('DateAdd into the first century stays there', () => {
    expect(text('DateAdd("yyyy", -2000, CDate([d]))', { d: '2024-02-29T00:00:00Z' })).toBe(
      '2/29/0024 12:00:00 AM',
    );
  });
});
