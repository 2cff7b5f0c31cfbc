import {
  MAX_IN_FLIGHT,
  inFlightFromRecords,
  inFlightRecords,
  isOwnInFlight,
  settleInFlight,
  withInFlightStatus,
} from './invitations-in-flight.js';

const SINCE = '2026-12-07T01:00:00.000Z';
const recorded = (entries: [string, string][]) =>
  new Map(entries.map(([id, email]) => [id, { email, since: SINCE }]));

describe('in-flight invitations', () => {
  it('round-trips through status records', () => {
    const inFlight = recorded([
      ['s1', 'a@x.com'],
      ['s2', 'b@x.com'],
    ]);
    expect(inFlightFromRecords(inFlightRecords(inFlight))).toEqual(inFlight);
    expect(inFlightFromRecords(undefined).size).toBe(0);
  });

  it('keeps the newest entries when more are in flight than status holds', () => {
    const inFlight = recorded(Array.from({ length: MAX_IN_FLIGHT + 5 }, (_, i) => [`s${i}`, `u${i}@x.com`]));
    const records = inFlightRecords(inFlight);
    expect(records).toHaveLength(MAX_IN_FLIGHT);
    expect(records[0]?.sourceUser).toBe('s5');
  });

  it('matches only the address recorded for that source user, case-insensitively', () => {
    const inFlight = recorded([['s1', 'Ada@X.com']]);
    expect(isOwnInFlight(inFlight, 's1', 'ada@x.com')).toBe(true);
    expect(isOwnInFlight(inFlight, 's1', 'other@x.com')).toBe(false);
    expect(isOwnInFlight(inFlight, 's2', 'ada@x.com')).toBe(false);
    expect(isOwnInFlight(undefined, 's1', 'ada@x.com')).toBe(false);
  });

  it('drops settled entries and returns the unfinished ones due again', () => {
    const inFlight = recorded([
      ['anchored', 'a@x.com'],
      ['gone', 'g@x.com'],
      ['open', 'o@x.com'],
    ]);
    const at = (now: string, complete: boolean) => ({
      anchored: (id: string) => id === 'anchored',
      gone: (id: string) => id === 'gone',
      complete,
      now: new Date(now),
    });
    expect(settleInFlight(inFlight, at('2026-12-07T01:00:30.000Z', false))).toEqual([]);
    expect([...inFlight.keys()]).toEqual(['gone', 'open']);
    expect(settleInFlight(inFlight, at('2026-12-07T01:01:00.000Z', true))).toEqual(['open']);
    expect([...inFlight.keys()]).toEqual(['open']);
  });

  it('replaces the status record, and removes it when nothing is in flight', () => {
    const old = { sourceUser: 'old', email: 'o@x.com', since: SINCE };
    const status = { counts: { inScope: 1 }, invitationsInFlight: [old] };
    expect(withInFlightStatus(status, recorded([['s1', 'a@x.com']]))).toEqual({
      counts: { inScope: 1 },
      invitationsInFlight: [{ sourceUser: 's1', email: 'a@x.com', since: SINCE }],
    });
    expect(withInFlightStatus(status, new Map())).toEqual({ counts: { inScope: 1 } });
  });
});
