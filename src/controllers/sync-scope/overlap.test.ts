import type { SyncScope } from '../../api/index.js';
import { ownerOfTenantPair, rivalsOf, scopeTenants, type ScopeTenants } from './overlap.js';

const scope = (name: string, createdAtMs: number, source = 'emea', target = 'contoso'): ScopeTenants => ({
  namespace: 'ns',
  name,
  createdAtMs,
  sourceTenantId: source,
  targetTenantId: target,
});

describe('ownerOfTenantPair', () => {
  it.each([
    ['alone', scope('a', 2), [], undefined],
    ['the older scope over the same pair owns it', scope('b', 2), [scope('a', 1)], 'a'],
    ['the oldest owns it even when self is in the list', scope('b', 2), [scope('a', 1), scope('b', 2)], 'a'],
    ['self owns it when older', scope('a', 1), [scope('b', 2)], undefined],
    ['same age: the name decides', scope('b', 1), [scope('a', 1)], 'a'],
    ['another source tenant is no rival', scope('b', 2), [scope('a', 1, 'us')], undefined],
    ['another target tenant is no rival', scope('b', 2), [scope('a', 1, 'emea', 'fabrikam')], undefined],
    [
      'an unresolved link is no rival',
      { ...scope('b', 2), targetTenantId: undefined },
      [scope('a', 1)],
      undefined,
    ],
  ])('%s', (_case, self, others, owner) => {
    expect(ownerOfTenantPair(self, others)?.name).toBe(owner);
  });
});

describe('rivalsOf', () => {
  it('lists every other scope over the pair, older or younger', () => {
    const rivals = rivalsOf(scope('b', 2), [
      scope('a', 1),
      scope('b', 2),
      scope('c', 3),
      scope('d', 0, 'us'),
    ]);
    expect(rivals.map((r) => r.name)).toEqual(['a', 'c']);
  });
});

describe('scopeTenants', () => {
  it('resolves both links and reads the creation time from a string or a Date', () => {
    const links: Record<string, string> = { 'ns/emea': 'emea-id', 'ns/contoso': 'contoso-id' };
    const resource = (creationTimestamp: unknown) =>
      ({
        metadata: { namespace: 'ns', name: 's', creationTimestamp },
        spec: { source: { tenantLinkRef: 'emea' }, target: { tenantLinkRef: 'contoso' } },
      }) as unknown as SyncScope;
    const fromString = scopeTenants(resource('2026-11-28T10:00:00Z'), (ns, l) => links[`${ns}/${l}`]);
    const fromDate = scopeTenants(resource(new Date('2026-11-28T10:00:00Z')), (ns, l) => links[`${ns}/${l}`]);
    expect(fromString).toEqual({
      namespace: 'ns',
      name: 's',
      createdAtMs: Date.parse('2026-11-28T10:00:00Z'),
      sourceTenantId: 'emea-id',
      targetTenantId: 'contoso-id',
    });
    expect(fromDate).toEqual(fromString);
  });
});
