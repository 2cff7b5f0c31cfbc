// .NET custom date and time format strings (invariant culture, UTC), which Entra's CDate,
// FormatDateTime, DateAdd and Now use: https://learn.microsoft.com/dotnet/standard/base-types/custom-date-and-time-format-strings

type Token = { kind: 'spec'; letter: string; count: number } | { kind: 'literal'; text: string };

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const SPEC_LETTERS = new Set(['d', 'M', 'y', 'h', 'H', 'm', 's', 'f', 'F', 't', 'z', 'K', 'g']);
const STANDARD: Record<string, string> = {
  o: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  O: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  s: "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
  u: "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
  d: 'MM/dd/yyyy',
  G: 'MM/dd/yyyy HH:mm:ss',
};

/** Splits a .NET format string into specifiers and literals; throws on an unknown one-letter standard format. */
export function tokenizeFormat(format: string): Token[] {
  if (format.length === 1) {
    const standard = STANDARD[format];
    if (standard === undefined) throw new Error(`unsupported standard date format "${format}"`);
    format = standard;
  }
  const tokens: Token[] = [];
  let i = 0;
  while (i < format.length) {
    const c = format[i] as string;
    if (c === "'" || c === '"') {
      const end = format.indexOf(c, i + 1);
      if (end < 0) throw new Error(`unterminated quote in date format "${format}"`);
      tokens.push({ kind: 'literal', text: format.slice(i + 1, end) });
      i = end + 1;
    } else if (c === '\\') {
      tokens.push({ kind: 'literal', text: format[i + 1] ?? '' });
      i += 2;
    } else if (c === '%') {
      i += 1;
    } else if (SPEC_LETTERS.has(c)) {
      let n = 1;
      while (format[i + n] === c) n += 1;
      tokens.push({ kind: 'spec', letter: c, count: n });
      i += n;
    } else {
      tokens.push({ kind: 'literal', text: c });
      i += 1;
    }
  }
  return tokens;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function formatSpec(d: Date, letter: string, count: number): string {
  const hour = d.getUTCHours();
  switch (letter) {
    case 'd':
      if (count >= 3) return (DAYS[d.getUTCDay()] as string).slice(0, count === 3 ? 3 : undefined);
      return pad(d.getUTCDate(), count);
    case 'M':
      if (count >= 3) return (MONTHS[d.getUTCMonth()] as string).slice(0, count === 3 ? 3 : undefined);
      return pad(d.getUTCMonth() + 1, count);
    case 'y':
      return count <= 2 ? pad(d.getUTCFullYear() % 100, count) : pad(d.getUTCFullYear(), count);
    case 'h':
      return pad(hour % 12 === 0 ? 12 : hour % 12, Math.min(count, 2));
    case 'H':
      return pad(hour, Math.min(count, 2));
    case 'm':
      return pad(d.getUTCMinutes(), Math.min(count, 2));
    case 's':
      return pad(d.getUTCSeconds(), Math.min(count, 2));
    case 'f':
    case 'F': {
      const digits = pad(d.getUTCMilliseconds(), 3).padEnd(7, '0').slice(0, count);
      return letter === 'F' ? digits.replace(/0+$/, '') : digits;
    }
    case 't':
      return (hour < 12 ? 'AM' : 'PM').slice(0, count === 1 ? 1 : 2);
    case 'z':
      return count === 1 ? '+0' : count === 2 ? '+00' : '+00:00';
    case 'K':
      return 'Z';
    default:
      return 'A.D.';
  }
}

/** Formats a UTC instant with a .NET custom (or o/s/u/d/G standard) format string. */
export function formatDotNet(d: Date, format: string): string {
  return tokenizeFormat(format)
    .map((t) => (t.kind === 'literal' ? t.text : formatSpec(d, t.letter, t.count)))
    .join('');
}

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  pm: boolean | null;
  offsetMinutes: number;
}

const OFFSET = /^([+-])(\d{1,2})(?::?(\d{2}))?/;

/** Parses `text` exactly as .NET ParseExact would with `format`; returns null when it does not match. */
export function parseDotNet(text: string, format: string): Date | null {
  const p: Parts = {
    year: 1,
    month: 1,
    day: 1,
    hour: 0,
    minute: 0,
    second: 0,
    ms: 0,
    pm: null,
    offsetMinutes: 0,
  };
  let pos = 0;
  const src = text.trim();
  const readDigits = (min: number, max: number): number | null => {
    const m = new RegExp(`^\\d{${min},${max}}`).exec(src.slice(pos));
    if (!m) return null;
    pos += m[0].length;
    return Number(m[0]);
  };
  for (const t of tokenizeFormat(format)) {
    if (t.kind === 'literal') {
      if (!src.startsWith(t.text, pos)) return null;
      pos += t.text.length;
      continue;
    }
    const { letter, count } = t;
    let n: number | null = 0;
    if (letter === 'M' && count >= 3) {
      const names = MONTHS.map((m) => (count === 3 ? m.slice(0, 3) : m));
      const i = names.findIndex((m) => src.startsWith(m, pos));
      if (i < 0) return null;
      pos += (names[i] as string).length;
      p.month = i + 1;
      continue;
    }
    if (letter === 'd' && count >= 3) {
      const names = DAYS.map((m) => (count === 3 ? m.slice(0, 3) : m));
      const i = names.findIndex((m) => src.startsWith(m, pos));
      if (i < 0) return null;
      pos += (names[i] as string).length;
      continue;
    }
    if (letter === 't') {
      const ampm = src.slice(pos, pos + count).toUpperCase();
      if (!['A', 'P', 'AM', 'PM'].includes(ampm)) return null;
      p.pm = ampm.startsWith('P');
      pos += count;
      continue;
    }
    if (letter === 'z' || letter === 'K') {
      if (src[pos] === 'Z') {
        pos += 1;
        continue;
      }
      const m = OFFSET.exec(src.slice(pos));
      if (!m) {
        if (letter === 'K') continue;
        return null;
      }
      pos += m[0].length;
      p.offsetMinutes = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
      continue;
    }
    if (letter === 'f' || letter === 'F') {
      const m = new RegExp(`^\\d{${letter === 'f' ? count : 0},${count}}`).exec(src.slice(pos));
      if (!m) return null;
      pos += m[0].length;
      p.ms = m[0] === '' ? 0 : Math.round(Number(`0.${m[0]}`) * 1000);
      continue;
    }
    const width = letter === 'y' ? (count <= 2 ? [count, 2] : [count, count]) : count === 1 ? [1, 2] : [2, 2];
    n = readDigits(width[0] as number, width[1] as number);
    if (n === null) return null;
    // .NET's two-digit years: 00-49 are 2000-2049, 50-99 are 1950-1999 (TwoDigitYearMax 2049).
    if (letter === 'y') p.year = count <= 2 ? (n <= 49 ? 2000 + n : 1900 + n) : n;
    else if (letter === 'M') p.month = n;
    else if (letter === 'd') p.day = n;
    else if (letter === 'h' || letter === 'H') p.hour = n;
    else if (letter === 'm') p.minute = n;
    else if (letter === 's') p.second = n;
  }
  if (pos !== src.length) return null;
  if (p.pm !== null) p.hour = (p.hour % 12) + (p.pm ? 12 : 0);
  return exactDate(p, p.offsetMinutes);
}

// .NET DateTime holds 0001-01-01T00:00:00 to 9999-12-31T23:59:59.9999999.
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** A date .NET's DateTime can hold (years 1 to 9999), else null; NaN (an overflow) is not one. */
export function inDotNetRange(ms: number): Date | null {
  return ms >= DOTNET_MIN_MS && ms <= MAX_MS ? new Date(ms) : null;
}

const DOTNET_MIN_MS = (() => {
  const d = new Date(0);
  d.setUTCFullYear(1, 0, 1);
  d.setUTCHours(0, 0, 0, 0);
  return d.getTime();
})();

/**
 * The instant of calendar fields as .NET reads them: no field rolls over into the next (Feb 30, 24:00
 * and minute 60 are invalid, not March 2 and the next day) and years below 100 stay themselves
 * (Date.UTC would take 5 as 1905). Null when invalid or outside DateTime's range.
 */
function exactDate(p: Omit<Parts, 'pm' | 'offsetMinutes'>, offsetMinutes: number): Date | null {
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.hour > 23 || p.minute > 59 || p.second > 59) return null;
  const d = new Date(0);
  d.setUTCFullYear(p.year, p.month - 1, p.day);
  d.setUTCHours(p.hour, p.minute, p.second, p.ms);
  if (d.getUTCDate() !== p.day || d.getUTCMonth() !== p.month - 1) return null;
  return inDotNetRange(d.getTime() - offsetMinutes * 60_000);
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*(AM|PM))?)?$/i;

/** Parses the date strings Entra's CDate accepts (ISO 8601 with optional offset, or M/d/yyyy h:mm:ss tt). */
export function parseLooseDate(text: string): Date | null {
  const s = text.trim();
  const iso = ISO.exec(s);
  if (iso) {
    const [, y, mo, d, h, mi, se, frac, off] = iso;
    let offset = 0;
    if (off && off !== 'Z') {
      const m = OFFSET.exec(off)!;
      offset = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
    }
    const fields = {
      year: +y!,
      month: +mo!,
      day: +d!,
      hour: +(h ?? 0),
      minute: +(mi ?? 0),
      second: +(se ?? 0),
    };
    return exactDate({ ...fields, ms: Math.floor(+`0.${frac ?? 0}` * 1000) }, offset);
  }
  const us = US.exec(s);
  if (us) {
    const [, mo, d, y, h, mi, se, ampm] = us;
    let hour = +(h ?? 0);
    if (ampm) {
      if (hour < 1 || hour > 12) return null;
      hour = (hour % 12) + (ampm.toUpperCase() === 'PM' ? 12 : 0);
    }
    const fields = { year: +y!, month: +mo!, day: +d!, hour, minute: +(mi ?? 0), second: +(se ?? 0) };
    return exactDate({ ...fields, ms: 0 }, 0);
  }
  return null;
}
