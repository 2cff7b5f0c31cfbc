import type { GroupSyncSpec } from '../../api/group-sync.js';
import { emptySyncState } from '../cycle.js';
import { TargetStore } from '../target-index.js';
import { compileGroupMapping } from './mapping.js';
import {
  groupScopeOf,
  memberFates,
  planGroupOnDemand,
  type GroupOnDemandInput,
  type MemberFate,
} from './provision-now-plan.js';
import type { GroupRecord } from './records.js';

const TENANT = 'aaaaaaaa-0000-4000-8000-000000000001';
const ANCHOR = 'extension_0123456789abcdef0123456789abcdef_groupAnchor';
const SALES = '11111111-0000-4000-8000-000000000001';
const ASSIGNED = '11111111-0000-4000-8000-000000000009';
const SECURITY = { securityEnabled: true, mailEnabled: false, groupTypes: [] };

const groupSync = (overrides: Partial<GroupSyncSpec> = {}): GroupSyncSpec => ({
  assignedGroups: false,
  groupIds: [SALES],
  anchorAttribute: ANCHOR,
  deprovision: { onOutOfScope: 'Delete', onSourceDeleted: 'Delete' },
  ...overrides,
});

function compiled() {
  const result = compileGroupMapping(undefined);
  if (!result.ok) throw new Error('defaults must compile');
  return result.mapping;
}

const record = (id: string, attributes: Record<string, unknown>, members: string[] = []): GroupRecord => ({
  id,
  attributes,
  members: new Set(members),
  nestedGroups: new Set(),
});

// u1 and u2 are synchronized as t1 and t2; u3 is out of the user scope; u4 has no target user yet.
const FATES: Record<string, MemberFate> = {
  u1: { kind: 'member', targetUserId: 't1' },
  u2: { kind: 'member', targetUserId: 't2' },
  u3: { kind: 'skip', reason: 'NotInUserScope' },
};

function input(overrides: Partial<GroupOnDemandInput> = {}): GroupOnDemandInput {
  const source = record(SALES, { ...SECURITY, displayName: 'Sales EMEA', mailNickname: 'sales' }, [
    'u1',
    'u2',
    'u3',
    'u4',
  ]);
  source.nestedGroups.add('g9');
  return {
    sourceTenantId: TENANT,
    groupSync: groupSync(),
    assignedGroups: [],
    mapping: compiled(),
    source,
    otherMembers: ['d1'],
    member: (id) => FATES[id] ?? { kind: 'skip', reason: 'NotSynchronized' },
    now: new Date('2026-12-07T00:00:00Z'),
    ...overrides,
  };
}

describe('groupScopeOf', () => {
  it.each([
    ['named by groupIds', groupSync(), [], SECURITY, 'InScope'],
    [
      'named by scope.groups with assignedGroups',
      groupSync({ assignedGroups: true, groupIds: [] }),
      [ASSIGNED],
      SECURITY,
      'InScope',
    ],
    [
      'in scope.groups without assignedGroups',
      groupSync({ groupIds: [] }),
      [SALES],
      SECURITY,
      'NotInGroupSync',
    ],
    [
      'a Microsoft 365 group, even when named',
      groupSync(),
      [],
      { ...SECURITY, groupTypes: ['Unified'] },
      'MicrosoftGroup',
    ],
    ['a mail-enabled group', groupSync(), [], { ...SECURITY, mailEnabled: true }, 'MailEnabledGroup'],
  ] as const)('%s', (_name, spec, assigned, attributes, reason) => {
    const id = assigned[0] === ASSIGNED ? ASSIGNED : SALES;
    const decision = groupScopeOf(id, attributes, spec, assigned);
    expect(decision.reason).toBe(reason);
    expect(decision.inScope).toBe(reason === 'InScope');
    expect(decision.message).not.toBe('');
  });
});

describe('memberFates', () => {
  it('finds the anchored target user of a user in scope, and says why others have none', () => {
    const state = emptySyncState();
    for (const [id, inScope] of [
      ['u1', true],
      ['u2', true],
      ['u3', false],
    ] as const)
      state.source.set(id, { id, attributes: {}, inScope });
    const anchored = (id: string, sourceId: string, deleted = false) => ({
      id,
      attributes: { onPremisesExtensionAttributes: { extensionAttribute15: `${TENANT}:${sourceId}` } },
      deleted,
    });
    state.target = new TargetStore(state.target.anchorAttribute, [
      anchored('t1', 'u1'),
      anchored('t2', 'u2', true),
    ]);
    const fate = memberFates(state, TENANT);
    expect(fate('u1')).toEqual({ kind: 'member', targetUserId: 't1' });
    expect(fate('u2')).toEqual({ kind: 'skip', reason: 'NotSynchronized' });
    expect(fate('u3')).toEqual({ kind: 'skip', reason: 'NotInUserScope' });
    expect(fate('u9')).toEqual({ kind: 'skip', reason: 'NotSynchronized' });
    // With a group scope, a user the assigned groups do not hold is out of scope though never read.
    state.groupMembers = new Set(['u1', 'u2', 'u3', 'u8']);
    expect(fate('u9')).toEqual({ kind: 'skip', reason: 'NotInUserScope' });
    expect(fate('u8')).toEqual({ kind: 'skip', reason: 'NotSynchronized' });
  });
});

describe('planGroupOnDemand', () => {
  it('creates the group with its synchronized members and names every member left out', () => {
    const plan = planGroupOnDemand(input());
    expect(plan.actions).toEqual([
      {
        kind: 'create',
        sourceGroupId: SALES,
        attributes: {
          displayName: 'Sales EMEA',
          description: null,
          mailNickname: 'sales',
          [ANCHOR]: `${TENANT}:${SALES}`,
        },
        members: ['t1', 't2'],
      },
    ]);
    expect(plan.desired).toBe(2);
    expect(plan.skipped).toEqual([
      { sourceMember: 'u3', reason: 'NotInUserScope' },
      { sourceMember: 'u4', reason: 'NotSynchronized' },
      { sourceMember: 'g9', reason: 'NestedGroup' },
      { sourceMember: 'd1', reason: 'NotAUser' },
    ]);
    expect(plan.attributes.map((a) => [a.target, a.value])).toEqual([
      ['displayName', 'Sales EMEA'],
      ['description', null],
      ['mailNickname', 'sales'],
    ]);
  });

  it('updates what differs and adds and removes member references on an existing group', () => {
    const target = record(
      'tg',
      { [ANCHOR]: `${TENANT}:${SALES}`, displayName: 'Old', mailNickname: 'sales' },
      ['t1', 'tx'],
    );
    const plan = planGroupOnDemand(input({ target }));
    expect(plan.actions).toEqual([
      { kind: 'update', sourceGroupId: SALES, targetGroupId: 'tg', changes: { displayName: 'Sales EMEA' } },
      { kind: 'addMember', sourceGroupId: SALES, targetGroupId: 'tg', memberId: 't2' },
      { kind: 'removeMember', sourceGroupId: SALES, targetGroupId: 'tg', memberId: 'tx' },
    ]);
  });

  it('plans nothing for a group that is already as the source says', () => {
    const target = record(
      'tg',
      { [ANCHOR]: `${TENANT}:${SALES}`, displayName: 'Sales EMEA', mailNickname: 'sales' },
      ['t1', 't2'],
    );
    expect(planGroupOnDemand(input({ target })).actions).toEqual([]);
  });

  it('reports a mapping that gives no displayName as a failure and plans no write', () => {
    const source = record(SALES, { ...SECURITY, mailNickname: 'sales' }, ['u1']);
    const plan = planGroupOnDemand(input({ source, otherMembers: [] }));
    expect(plan.actions).toEqual([]);
    expect(plan.failure).toContain('displayName');
  });
});
