import {
  formatDotNet,
  inDotNetRange,
  parseDotNet,
  parseLooseDate,
  tokenizeFormat,
} from '../dotnet-datetime.js';
import { ExpressionError, asInteger, asString } from '../values.js';
import type { Value } from '../values.js';
import type { Node } from '../parser.js';
import type { FunctionDef } from './types.js';
import { literal } from './types.js';

const INTERVALS = ['yyyy', 'm', 'd', 'ww', 'h', 'n', 's'] as const;
type Interval = (typeof INTERVALS)[number];
const DAY = 86_400_000;
// Active Directory file time counts 100 ns ticks from 1601-01-01 UTC.
const FILETIME_EPOCH_MS = 11_644_473_600_000n;

/** A DateTime argument: a DateTime, or a string CDate understands; null stays null. */
export function asDate(v: Value, what: string): Date | null {
  if (v === null || v === '') return null;
  if (v instanceof Date) return v;
  const s = asString(v) as string;
  const d = parseLooseDate(s);
  if (!d) throw new ExpressionError(`${what}: ${JSON.stringify(s)} is not a date`);
  return d;
}

function asInterval(v: Value): Interval {
  const s = asString(v);
  if (!INTERVALS.includes(s as Interval)) {
    throw new ExpressionError(`interval must be one of ${INTERVALS.join(' ')}, got ${JSON.stringify(s)}`);
  }
  return s as Interval;
}

const intervalCheck = (args: readonly Node[]): string | null => {
  const s = literal(args[0]);
  return s === undefined || INTERVALS.includes(s as Interval)
    ? null
    : `interval must be one of ${INTERVALS.join(' ')}, got ${JSON.stringify(s)}`;
};

/** A computed date, or an error for this user when .NET's DateTime cannot hold it (never a NaN date). */
function dotNetDate(ms: number, what: string): Date {
  const d = inDotNetRange(ms);
  if (!d) throw new ExpressionError(`${what}: the result is outside .NET DateTime's range (years 1 to 9999)`);
  return d;
}

/** Adds n intervals; months and years clamp to the end of the month like .NET AddMonths. */
export function dateAdd(interval: Interval, n: number, d: Date): Date {
  const simple: Partial<Record<Interval, number>> = { d: DAY, ww: 7 * DAY, h: 3_600_000, n: 60_000, s: 1000 };
  const unit = simple[interval];
  if (unit !== undefined) return dotNetDate(d.getTime() + n * unit, 'DateAdd');
  const months = interval === 'yyyy' ? 12 * n : n;
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  // setUTCFullYear, not Date.UTC: Date.UTC takes years 0-99 as 1900-1999.
  const last = new Date(0);
  last.setUTCFullYear(y, m + 1, 0);
  const out = new Date(d.getTime());
  out.setUTCFullYear(y, m, Math.min(d.getUTCDate(), last.getUTCDate()));
  return dotNetDate(out.getTime(), 'DateAdd');
}

/** VBA DateDiff: the number of interval boundaries crossed from d1 to d2 (weeks start on Sunday). */
export function dateDiff(interval: Interval, d1: Date, d2: Date): number {
  const floorTo = (d: Date, unit: number) => Math.floor(d.getTime() / unit);
  switch (interval) {
    case 'yyyy':
      return d2.getUTCFullYear() - d1.getUTCFullYear();
    case 'm':
      return (d2.getUTCFullYear() - d1.getUTCFullYear()) * 12 + d2.getUTCMonth() - d1.getUTCMonth();
    case 'd':
      return floorTo(d2, DAY) - floorTo(d1, DAY);
    case 'ww': {
      const weekStart = (d: Date) => floorTo(d, DAY) - d.getUTCDay();
      return (weekStart(d2) - weekStart(d1)) / 7;
    }
    case 'h':
      return floorTo(d2, 3_600_000) - floorTo(d1, 3_600_000);
    case 'n':
      return floorTo(d2, 60_000) - floorTo(d1, 60_000);
    case 's':
      return floorTo(d2, 1000) - floorTo(d1, 1000);
  }
}

const formatCheck = (indexes: number[]) => (args: readonly Node[]) => {
  for (const i of indexes) {
    const f = literal(args[i]);
    if (f === undefined) continue;
    try {
      tokenizeFormat(f);
    } catch (e) {
      return (e as Error).message;
    }
  }
  return null;
};

export const dateFunctions: Record<string, FunctionDef> = {
  Now: { min: 0, max: 0, call: (_a, ctx) => ctx.now() },
  CDate: { min: 1, max: 1, call: (a) => asDate(a.get(0), 'CDate') },
  DateAdd: {
    min: 3,
    max: 3,
    check: intervalCheck,
    call: (a) => {
      const d = asDate(a.get(2), 'DateAdd: dateTime');
      return d && dateAdd(asInterval(a.get(0)), asInteger(a.get(1), 'DateAdd: value'), d);
    },
  },
  DateDiff: {
    min: 3,
    max: 3,
    check: intervalCheck,
    call: (a) => {
      const d1 = asDate(a.get(1), 'DateDiff: date1');
      const d2 = asDate(a.get(2), 'DateDiff: date2');
      return d1 && d2 && dateDiff(asInterval(a.get(0)), d1, d2);
    },
  },
  DateFromNum: {
    min: 1,
    max: 1,
    call: (a) => {
      const s = asString(a.get(0))?.trim();
      if (!s) return null;
      if (!/^\d+$/.test(s))
        throw new ExpressionError(`DateFromNum: ${JSON.stringify(s)} is not an AD file time`);
      return dotNetDate(Number(BigInt(s) / 10_000n - FILETIME_EPOCH_MS), 'DateFromNum');
    },
  },
  NumFromDate: {
    min: 1,
    max: 1,
    call: (a) => {
      const d = asDate(a.get(0), 'NumFromDate');
      return d && String((BigInt(d.getTime()) + FILETIME_EPOCH_MS) * 10_000n);
    },
  },
  FormatDateTime: {
    min: 4,
    max: 4,
    check: formatCheck([2, 3]),
    call: (a) => {
      const source = a.get(0);
      const out = asString(a.get(3)) ?? '';
      if (source === null || source === '') return null;
      if (source instanceof Date) return formatDotNet(source, out);
      const text = asString(source) as string;
      const d = parseDotNet(text, asString(a.get(2)) ?? '');
      if (!d) throw new ExpressionError(`FormatDateTime: ${JSON.stringify(text)} does not match ${a.get(2)}`);
      return formatDotNet(d, out);
    },
  },
};
