import { isLastOccurrence, latestDueOccurrence, occurrenceStart, parseRecurrence } from './recurrence.js';

const DAY = 86_400_000;
const at = (date: string) => Date.parse(`${date}T00:00:00Z`);
const iso = (ms: number | undefined) =>
  ms === undefined ? undefined : new Date(ms).toISOString().slice(0, 10);

describe('parseRecurrence and occurrences', () => {
  it('starts weekly occurrences every interval weeks from the start date', () => {
    const r = parseRecurrence(
      { pattern: { type: 'weekly', interval: 2 }, range: { type: 'noEnd', startDate: '2026-12-01' } },
      0,
    );
    expect([0, 1, 2].map((i) => iso(occurrenceStart(r, i)))).toEqual([
      '2026-12-01',
      '2026-12-15',
      '2026-12-29',
    ]);
  });

  it('puts monthly occurrences on dayOfMonth, clamped to short months, first on or after the start', () => {
    const r = parseRecurrence(
      {
        pattern: { type: 'absoluteMonthly', interval: 1, dayOfMonth: 31 },
        range: { type: 'noEnd', startDate: '2027-01-31' },
      },
      0,
    );
    expect([0, 1, 2].map((i) => iso(occurrenceStart(r, i)))).toEqual([
      '2027-01-31',
      '2027-02-28',
      '2027-03-31',
    ]);
    const late = parseRecurrence(
      {
        pattern: { type: 'absoluteMonthly', interval: 3, dayOfMonth: 5 },
        range: { type: 'noEnd', startDate: '2027-01-20' },
      },
      0,
    );
    expect([0, 1].map((i) => iso(occurrenceStart(late, i)))).toEqual(['2027-04-05', '2027-07-05']);
  });

  it('ends at endDate and after numberOfOccurrences', () => {
    const ending = parseRecurrence(
      {
        pattern: { type: 'weekly', interval: 1 },
        range: { type: 'endDate', startDate: '2026-12-01', endDate: '2026-12-08' },
      },
      0,
    );
    expect(occurrenceStart(ending, 1)).toBe(at('2026-12-08'));
    expect(occurrenceStart(ending, 2)).toBeUndefined();
    expect(isLastOccurrence(ending, 1)).toBe(true);
    const numbered = parseRecurrence(
      {
        pattern: { type: 'weekly', interval: 1 },
        range: { type: 'numbered', startDate: '2026-12-01', numberOfOccurrences: 1 },
      },
      0,
    );
    expect(isLastOccurrence(numbered, 0)).toBe(true);
  });

  it('makes a review without recurrence one occurrence at creation', () => {
    const r = parseRecurrence(undefined, 1234);
    expect(occurrenceStart(r, 0)).toBe(1234);
    expect(occurrenceStart(r, 1)).toBeUndefined();
  });

  it('finds the latest occurrence due by a time', () => {
    const r = parseRecurrence(
      { pattern: { type: 'weekly', interval: 1 }, range: { type: 'noEnd', startDate: '2026-12-01' } },
      0,
    );
    expect(latestDueOccurrence(r, at('2026-11-30'))).toBe(-1);
    expect(latestDueOccurrence(r, at('2026-12-01'))).toBe(0);
    expect(latestDueOccurrence(r, at('2026-12-01') + 15 * DAY)).toBe(2);
  });

  it.each([
    [
      { pattern: { type: 'daily', interval: 1 }, range: { type: 'noEnd', startDate: '2026-12-01' } },
      /weekly or absoluteMonthly/,
    ],
    [
      { pattern: { type: 'weekly', interval: 0 }, range: { type: 'noEnd', startDate: '2026-12-01' } },
      /interval/,
    ],
    [{ pattern: { type: 'weekly' }, range: { type: 'forever', startDate: '2026-12-01' } }, /range.type/],
    [{ pattern: { type: 'weekly' }, range: { type: 'noEnd', startDate: 'tomorrow' } }, /startDate/],
  ])('refuses %j', (value, message) => {
    expect(() => parseRecurrence(value, 0)).toThrow(message);
  });
});
