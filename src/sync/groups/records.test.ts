import { foldGroupsDelta, type GroupRecord } from './records.js';

const user = (id: string, removed = false) => ({
  '@odata.type': '#microsoft.graph.user',
  id,
  ...(removed ? { '@removed': { reason: 'deleted' } } : {}),
});

describe('foldGroupsDelta', () => {
  it('keeps only the groups asked for, follows members@delta, and drops removed groups', () => {
    const records = new Map<string, GroupRecord>();
    const keep = (id: string) => id !== 'other';
    foldGroupsDelta(
      records,
      [
        {
          id: 'g1',
          displayName: 'Sales',
          'members@delta': [user('u1'), user('u2'), { '@odata.type': '#microsoft.graph.group', id: 'g9' }],
        },
        { id: 'other', displayName: 'Not ours' },
      ],
      [],
      keep,
    );
    expect([...records.keys()]).toEqual(['g1']);
    expect([...(records.get('g1')?.members ?? [])]).toEqual(['u1', 'u2']);
    expect([...(records.get('g1')?.nestedGroups ?? [])]).toEqual(['g9']);
    foldGroupsDelta(records, [{ id: 'g1', 'members@delta': [user('u1', true), user('u3')] }], [], keep);
    expect(records.get('g1')?.attributes['displayName']).toBe('Sales');
    expect([...(records.get('g1')?.members ?? [])]).toEqual(['u2', 'u3']);
    foldGroupsDelta(records, [], [{ id: 'g1', reason: 'deleted' }], keep);
    expect(records.size).toBe(0);
  });
});
