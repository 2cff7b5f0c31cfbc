import { logReadSince, unreportedEntries } from './log-cursor.js';

const entry = (id: string, activityDateTime: string) => ({ id, activityDateTime });

describe('the provisioning-log cursor', () => {
  it("reads from the second before the cursor's", () => {
    expect(logReadSince('2026-12-07T01:00:00Z')).toBe('2026-12-07T00:59:59Z');
    expect(logReadSince('2026-12-07T01:00:00.750Z')).toBe('2026-12-07T00:59:59Z');
  });

  it("takes an entry written in the cursor's second after the last read, and no entry twice", () => {
    const first = unreportedEntries(
      [entry('a', '2026-12-07T01:00:00Z'), entry('b', '2026-12-07T01:00:00Z')],
      '2026-12-07T00:59:00Z',
      [],
    );
    expect(first).toEqual({
      fresh: [entry('a', '2026-12-07T01:00:00Z'), entry('b', '2026-12-07T01:00:00Z')],
      cursor: '2026-12-07T01:00:00Z',
      seen: ['a', 'b'],
    });
    // The next read starts a second earlier and sees a, b again and c, written in the same second.
    const next = unreportedEntries(
      [
        entry('c', '2026-12-07T01:00:00Z'),
        entry('b', '2026-12-07T01:00:00Z'),
        entry('a', '2026-12-07T01:00:00Z'),
        entry('z', '2026-12-07T00:59:59Z'),
      ],
      first.cursor,
      first.seen,
    );
    expect(next).toEqual({
      fresh: [entry('c', '2026-12-07T01:00:00Z')],
      cursor: '2026-12-07T01:00:00Z',
      seen: ['a', 'b', 'c'],
    });
  });

  it('keeps only the ids of the newest second', () => {
    expect(
      unreportedEntries(
        [entry('d', '2026-12-07T01:00:05Z'), entry('c', '2026-12-07T01:00:00Z')],
        '2026-12-07T01:00:00Z',
        ['a'],
      ),
    ).toEqual({
      fresh: [entry('d', '2026-12-07T01:00:05Z'), entry('c', '2026-12-07T01:00:00Z')],
      cursor: '2026-12-07T01:00:05Z',
      seen: ['d'],
    });
  });
});
