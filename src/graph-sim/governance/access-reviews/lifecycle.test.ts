import type { TenantState } from '../../store/tenant.js';
import { newTestTenant } from '../test-tenant.js';
import { applyInstance } from './apply.js';
import { recordDecision } from './decisions.js';
import { advanceDefinition, completeInstance } from './lifecycle.js';
import { parseReviewScope, principalsInScope } from './scope.js';
import type { DefinitionRecord } from './state.js';

const DAY = 86_400_000;

function tenantWithGroup() {
  const { store, tenant } = newTestTenant();
  const { clock } = store;
  const ann = tenant.addUser({ userPrincipalName: 'ann@t.example', displayName: 'Ann', userType: 'Member' });
  const bob = tenant.addUser({
    userPrincipalName: 'bob@t.example',
    displayName: 'Bob',
    userType: 'Member',
    onPremisesExtensionAttributes: { extensionAttribute15: 'src:42' },
  });
  const guest = tenant.addUser({ userPrincipalName: 'gus@t.example', displayName: 'Gus', userType: 'Guest' });
  const nested = tenant.addGroup({ displayName: 'Nested' });
  const group = tenant.addGroup({ displayName: 'Reviewed' });
  for (const id of [ann.id, bob.id, nested.id]) tenant.addMember(group.id, id);
  tenant.addMember(nested.id, guest.id);
  return { tenant, store, clock, group, ann, bob, guest, nested };
}

function definition(tenant: TenantState, query: string, settings: Record<string, unknown>): DefinitionRecord {
  const scope = {
    '@odata.type': '#microsoft.graph.accessReviewQueryScope',
    query,
    queryType: 'MicrosoftGraph',
  };
  return {
    props: { id: 'd1', scope, reviewers: [], settings },
    scope: parseReviewScope(tenant, scope),
    createdMs: tenant.clock.now(),
    instances: [],
    lastOccurrence: -1,
  };
}

describe('review scope', () => {
  it('selects transitive user members, direct members, and filtered users', () => {
    const { tenant, group, ann, bob, guest, nested } = tenantWithGroup();
    const ids = (query: string) =>
      principalsInScope(
        tenant,
        parseReviewScope(tenant, { '@odata.type': '#microsoft.graph.accessReviewQueryScope', query }),
      ).map((o) => o.id);
    expect(ids(`/groups/${group.id}/transitiveMembers/microsoft.graph.user`)).toEqual([
      ann.id,
      bob.id,
      guest.id,
    ]);
    expect(ids(`/groups/${group.id}/members`)).toEqual([ann.id, bob.id, nested.id]);
    expect(
      ids(`/groups/${group.id}/transitiveMembers/microsoft.graph.user/?$filter=(userType eq 'Guest')`),
    ).toEqual([guest.id]);
    expect(
      ids(
        `/groups/${group.id}/transitiveMembers/microsoft.graph.user/?$filter=(onPremisesExtensionAttributes/extensionAttribute15 in ('src:42', 'src:other'))`,
      ),
    ).toEqual([bob.id]);
    expect(ids("/users?$filter=(userType eq 'Member')")).toEqual([ann.id, bob.id]);
  });

  it('refuses unknown groups, queries and filters', () => {
    const { tenant, group } = tenantWithGroup();
    const parse = (query: string) => () =>
      parseReviewScope(tenant, { '@odata.type': '#microsoft.graph.accessReviewQueryScope', query });
    expect(parse('/groups/nope/transitiveMembers')).toThrow(/does not exist/);
    expect(parse('/servicePrincipals')).toThrow(/not supported/);
    expect(parse("/users?$filter=(userType eq 'Member'")).toThrow(/does not parse/);
    // The user resource documents eq, ne, not and in for the extension attributes: startswith is Graph's 400.
    expect(
      parse(
        `/groups/${group.id}/transitiveMembers/microsoft.graph.user/?$filter=(startswith(onPremisesExtensionAttributes/extensionAttribute15, 'src:'))`,
      ),
    ).toThrow(/Unsupported or invalid query filter clause specified for property 'extensionAttribute15'/);
  });
});

describe('instances on the clock', () => {
  const weekly = {
    pattern: { type: 'weekly', interval: 1 },
    range: { type: 'noEnd', startDate: '2020-01-06' },
  };

  it('starts the due occurrence at creation with a NotReviewed item per principal, and ends it after its duration', () => {
    const { tenant, store, clock, group } = tenantWithGroup();
    const d = definition(tenant, `/groups/${group.id}/transitiveMembers/microsoft.graph.user`, {
      recurrence: weekly,
      instanceDurationInDays: 3,
    });
    advanceDefinition(tenant, store, d);
    expect(d.instances).toHaveLength(1);
    const [instance] = d.instances;
    expect(instance?.status).toBe('InProgress');
    expect(instance?.startMs).toBe(d.createdMs);
    expect(instance?.decisions.map((x) => x.props['decision'])).toEqual([
      'NotReviewed',
      'NotReviewed',
      'NotReviewed',
    ]);
    expect(d.props['status']).toBe('InProgress');
    clock.advance(3 * DAY);
    advanceDefinition(tenant, store, d);
    expect(instance?.status).toBe('Completed');
    expect(instance?.decisions[0]?.props['applyResult']).toBe('New');
  });

  it('starts one instance per due occurrence, without catching up missed ones', () => {
    const { tenant, store, clock, group } = tenantWithGroup();
    const d = definition(tenant, `/groups/${group.id}/members`, {
      recurrence: weekly,
      instanceDurationInDays: 1,
    });
    advanceDefinition(tenant, store, d);
    clock.advance(21 * DAY);
    advanceDefinition(tenant, store, d);
    expect(d.instances).toHaveLength(2);
    expect(d.instances[0]?.status).toBe('Completed');
  });

  it('takes the default decision at the end and auto-applies: denied members leave the group', () => {
    const { tenant, store, group, ann, bob, guest } = tenantWithGroup();
    const d = definition(tenant, `/groups/${group.id}/transitiveMembers/microsoft.graph.user`, {
      recurrence: weekly,
      instanceDurationInDays: 3,
      defaultDecisionEnabled: true,
      defaultDecision: 'Approve',
      autoApplyDecisionsEnabled: true,
    });
    advanceDefinition(tenant, store, d);
    const instance = d.instances[0];
    if (!instance) throw new Error('no instance');
    const item = (id: string) => {
      const found = instance.decisions.find((x) => x.principalId === id);
      if (!found) throw new Error(`no decision on ${id}`);
      return found;
    };
    const reviewer = { id: ann.id, displayName: 'Ann' };
    for (const id of [bob.id, guest.id])
      recordDecision(item(id), 'Deny', 'left', reviewer, tenant.clock.now());
    const seqBefore = tenant.currentSeq();
    completeInstance(tenant, store, d, instance);
    expect(instance.status).toBe('Applied');
    expect(item(ann.id)?.props).toMatchObject({ decision: 'Approve', applyResult: 'AppliedSuccessfully' });
    expect(item(bob.id)?.props['applyResult']).toBe('AppliedSuccessfully');
    expect(group.members.has(bob.id)).toBe(false);
    // Gus is a member through a nested group only, which the review does not own.
    expect(item(guest.id)?.props['applyResult']).toBe('ApplyNotSupported');
    expect(tenant.currentSeq()).toBeGreaterThan(seqBefore);
    expect(group.memberChanges.at(-1)).toMatchObject({ memberId: bob.id, removed: true });
  });

  it('reports ApplyNotSupported for a users review that only removes access', () => {
    const { tenant, store, bob } = tenantWithGroup();
    const d = definition(tenant, '/users', { recurrence: weekly, applyActions: [] });
    advanceDefinition(tenant, store, d);
    const instance = d.instances[0];
    if (!instance) throw new Error('no instance');
    const item = instance.decisions.find((x) => x.principalId === bob.id);
    if (!item) throw new Error('no decision on Bob');
    recordDecision(item, 'Deny', '', {}, 0);
    instance.status = 'Completed';
    applyInstance(tenant, store, d, instance);
    expect(item.props['applyResult']).toBe('ApplyNotSupported');
    expect(tenant.users.has(bob.id)).toBe(true);
  });
});
