// When the instances of a definition start: Graph's patternedRecurrence as access reviews use it (weekly and
// absoluteMonthly patterns; noEnd, endDate and numbered ranges), or one occurrence for a one-time review.
import { badRequest } from '../../http/errors.js';

const DAY_MS = 86_400_000;

/** A validated recurrence: occurrences start at midnight UTC of their day. */
export interface Recurrence {
  pattern:
    { type: 'weekly'; interval: number } | { type: 'absoluteMonthly'; interval: number; day: number } | null;
  startMs: number;
  /** Last day an occurrence may start on (inclusive, midnight UTC), or undefined for no end. */
  endMs?: number;
  /** At most this many occurrences (numbered ranges), or undefined. */
  count?: number;
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw badRequest(`Invalid value for '${what}'.`, 'BadRequest');
  return value as Record<string, unknown>;
}

function dateMs(value: unknown, what: string): number {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value))
    throw badRequest(
      `Invalid value '${String(value)}' for '${what}': a date YYYY-MM-DD is expected.`,
      'BadRequest',
    );
  const ms = Date.parse(`${value.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(ms)) throw badRequest(`Invalid date '${value}' for '${what}'.`, 'BadRequest');
  return ms;
}

function positiveInteger(value: unknown, what: string, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    throw badRequest(`Invalid value '${String(value)}' for '${what}'.`, 'BadRequest');
  return value;
}

/** Parses `settings.recurrence`; absent means one occurrence starting at `createdMs`. */
export function parseRecurrence(value: unknown, createdMs: number): Recurrence {
  if (value === undefined || value === null) return { pattern: null, startMs: createdMs, count: 1 };
  const recurrence = record(value, 'recurrence');
  const range = record(recurrence['range'], 'recurrence.range');
  const startMs = dateMs(range['startDate'], 'recurrence.range.startDate');
  const out: Recurrence = { pattern: null, startMs };
  switch (range['type']) {
    case 'noEnd':
      break;
    case 'endDate':
      out.endMs = dateMs(range['endDate'], 'recurrence.range.endDate');
      if (out.endMs < startMs)
        throw badRequest('The recurrence endDate is before its startDate.', 'BadRequest');
      break;
    case 'numbered': {
      const n = range['numberOfOccurrences'];
      if (typeof n === 'number' && Number.isInteger(n) && n > 0) out.count = n;
      if (range['endDate'] !== undefined && range['endDate'] !== null)
        out.endMs = dateMs(range['endDate'], 'recurrence.range.endDate');
      break;
    }
    default:
      throw badRequest(`Invalid value '${String(range['type'])}' for 'recurrence.range.type'.`, 'BadRequest');
  }
  const pattern = recurrence['pattern'];
  if (pattern === undefined || pattern === null) return { ...out, count: 1 };
  const p = record(pattern, 'recurrence.pattern');
  const interval = positiveInteger(p['interval'], 'recurrence.pattern.interval', 1);
  if (p['type'] === 'weekly') out.pattern = { type: 'weekly', interval };
  else if (p['type'] === 'absoluteMonthly') {
    const day = positiveInteger(
      p['dayOfMonth'],
      'recurrence.pattern.dayOfMonth',
      new Date(startMs).getUTCDate(),
    );
    if (day > 31)
      throw badRequest(`Invalid value '${day}' for 'recurrence.pattern.dayOfMonth'.`, 'BadRequest');
    out.pattern = { type: 'absoluteMonthly', interval, day };
  } else {
    // Access reviews accept only weekly and absoluteMonthly patterns (Graph's access reviews reference).
    throw badRequest(
      `Recurrence pattern '${String(p['type'])}' is not supported for access reviews: use weekly or absoluteMonthly.`,
      'BadRequest',
    );
  }
  return out;
}

function monthlyStart(startMs: number, monthsAhead: number, day: number): number {
  const start = new Date(startMs);
  const year = start.getUTCFullYear();
  const month = start.getUTCMonth() + monthsAhead;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(day, lastDay));
}

/** Start of occurrence `index` (0-based), or undefined when the range has ended before it. */
export function occurrenceStart(recurrence: Recurrence, index: number): number | undefined {
  if (recurrence.count !== undefined && index >= recurrence.count) return undefined;
  const { pattern } = recurrence;
  let start: number;
  if (pattern === null) start = recurrence.startMs;
  else if (pattern.type === 'weekly') start = recurrence.startMs + index * pattern.interval * 7 * DAY_MS;
  else {
    // The first monthly occurrence falls on dayOfMonth on or after the start date.
    const shift =
      monthlyStart(recurrence.startMs, 0, pattern.day) < recurrence.startMs ? pattern.interval : 0;
    start = monthlyStart(recurrence.startMs, shift + index * pattern.interval, pattern.day);
  }
  if (recurrence.endMs !== undefined && start > recurrence.endMs) return undefined;
  return start;
}

/** The index of the latest occurrence started by `nowMs`, or -1 when none has. */
export function latestDueOccurrence(recurrence: Recurrence, nowMs: number): number {
  let latest = -1;
  for (let i = 0; ; i++) {
    const start = occurrenceStart(recurrence, i);
    if (start === undefined || start > nowMs) return latest;
    latest = i;
  }
}

/** Whether no occurrence after `index` will ever start. */
export function isLastOccurrence(recurrence: Recurrence, index: number): boolean {
  return occurrenceStart(recurrence, index + 1) === undefined;
}
