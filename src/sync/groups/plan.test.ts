import { compileGroupMapping } from './mapping.js';
import {
  applyGroupDeletionThreshold,
  planGroupChanges,
  type GroupAction,
  type GroupPlanInput,
} from './plan.js';
import type { GroupRecord } from './records.js';

const TENANT = 'aaaaaaaa-0000-4000-8000-000000000001';
const ANCHOR = 'extension_0123456789abcdef0123456789abcdef_groupAnchor';
const SALES = '11111111-0000-4000-8000-000000000001';
const ENG = '11111111-0000-4000-8000-000000000002';

function compiled() {
  const result = compileGroupMapping(undefined);
  if (!result.ok) throw new Error('defaults must compile');
  return result.mapping;
}

const group = (id: string, attributes: Record<string, unknown>, members: string[] = []): GroupRecord => ({
  id,
  attributes: { securityEnabled: true, mailEnabled: false, groupTypes: [], ...attributes },
  members: new Set(members),
  nestedGroups: new Set(),
});

const target = (id: string, sourceId: string, attributes: Record<string, unknown>, members: string[] = []) =>
  group(id, { [ANCHOR]: `${TENANT}:${sourceId}`, ...attributes }, members);

// Source users u1..u3 are synchronized as t1..t3; u4 is not (out of the user scope or not created yet).
const COUNTERPARTS: Record<string, string> = { u1: 't1', u2: 't2', u3: 't3' };

function input(overrides: Partial<GroupPlanInput>): GroupPlanInput {
  return {
    sourceTenantId: TENANT,
    scoped: [SALES],
    source: new Map(),
    target: new Map(),
    anchorAttribute: ANCHOR,
    counterpart: (id) => COUNTERPARTS[id],
    mapping: compiled(),
    deprovision: { onOutOfScope: 'Delete', onSourceDeleted: 'Delete' },
    now: new Date('2026-12-07T00:00:00Z'),
    ...overrides,
  };
}

const kinds = (actions: GroupAction[]) => actions.map((a) => a.kind);

describe('planGroupChanges', () => {
  const sales = group(
    SALES,
    { displayName: 'Sales EMEA', description: 'Sales', mailNickname: 'sales-emea' },
    ['u1', 'u2', 'u4'],
  );

  it('creates a security group with the mapped attributes, the anchor and only synchronized members', () => {
    const plan = planGroupChanges(input({ source: new Map([[SALES, sales]]) }));
    expect(plan.actions).toEqual([
      {
        kind: 'create',
        sourceGroupId: SALES,
        attributes: {
          displayName: 'Sales EMEA',
          description: 'Sales',
          mailNickname: 'sales-emea',
          [ANCHOR]: `${TENANT}:${SALES}`,
        },
        members: ['t1', 't2'],
      },
    ]);
    expect(plan.inScope).toBe(1);
  });

  it('plans nothing for a converged group', () => {
    const converged = target(
      'g1',
      SALES,
      { displayName: 'Sales EMEA', description: 'Sales', mailNickname: 'sales-emea' },
      ['t1', 't2'],
    );
    const plan = planGroupChanges(
      input({ source: new Map([[SALES, sales]]), target: new Map([['g1', converged]]) }),
    );
    expect(plan.actions).toEqual([]);
    expect(plan.synced).toEqual([
      { sourceGroupId: SALES, targetGroupId: 'g1', displayName: 'Sales EMEA', members: 2 },
    ]);
  });

  it('adds a member who joined, removes one who left or is no longer synchronized, and updates what changed', () => {
    const drifted = target(
      'g1',
      SALES,
      { displayName: 'Sales', description: 'Sales', mailNickname: 'sales-emea' },
      ['t1', 't3', 'someone-else'],
    );
    const plan = planGroupChanges(
      input({ source: new Map([[SALES, sales]]), target: new Map([['g1', drifted]]) }),
    );
    expect(plan.actions).toEqual([
      { kind: 'update', sourceGroupId: SALES, targetGroupId: 'g1', changes: { displayName: 'Sales EMEA' } },
      { kind: 'addMember', sourceGroupId: SALES, targetGroupId: 'g1', memberId: 't2' },
      { kind: 'removeMember', sourceGroupId: SALES, targetGroupId: 'g1', memberId: 'someone-else' },
      { kind: 'removeMember', sourceGroupId: SALES, targetGroupId: 'g1', memberId: 't3' },
    ]);
  });

  it('does not add nested groups as members', () => {
    const nested = { ...sales, nestedGroups: new Set([ENG]) };
    const plan = planGroupChanges(input({ source: new Map([[SALES, nested]]) }));
    expect(plan.actions[0]).toMatchObject({ kind: 'create', members: ['t1', 't2'] });
  });

  it.each([
    [{ groupTypes: ['Unified'] }, 'MicrosoftGroup'],
    [{ mailEnabled: true }, 'MailEnabledGroup'],
    [{ securityEnabled: false }, 'NotSecurityGroup'],
  ])('refuses %j as %s and writes nothing for it', (attributes, reason) => {
    const refused = group(SALES, { displayName: 'x', mailNickname: 'x', ...attributes });
    const plan = planGroupChanges(input({ source: new Map([[SALES, refused]]) }));
    expect(plan.actions).toEqual([]);
    expect(plan.refused).toEqual([expect.objectContaining({ sourceGroupId: SALES, reason })]);
  });

  it('reports a group id the source does not have', () => {
    expect(planGroupChanges(input({})).refused).toEqual([
      expect.objectContaining({ reason: 'GroupNotFound' }),
    ]);
  });

  it('deletes a group that left scope or whose source was deleted, unless the policy is Ignore', () => {
    const gone = target('g2', ENG, { displayName: 'Engineering EMEA' });
    const deleted = target('g1', SALES, { displayName: 'Sales EMEA' });
    const targets = new Map([
      ['g1', deleted],
      ['g2', gone],
    ]);
    const plan = planGroupChanges(input({ target: targets }));
    expect(plan.actions).toEqual([
      {
        kind: 'delete',
        sourceGroupId: SALES,
        targetGroupId: 'g1',
        displayName: 'Sales EMEA',
        why: 'SourceDeleted',
      },
      {
        kind: 'delete',
        sourceGroupId: ENG,
        targetGroupId: 'g2',
        displayName: 'Engineering EMEA',
        why: 'OutOfScope',
      },
    ]);
    const ignoring = planGroupChanges(
      input({ target: targets, deprovision: { onOutOfScope: 'Ignore', onSourceDeleted: 'Delete' } }),
    );
    expect(kinds(ignoring.actions)).toEqual(['delete']);
  });

  it('gives a source without mailNickname one made of its id, which Graph requires', () => {
    const bare = group(SALES, { displayName: 'Sales EMEA', mailNickname: null });
    const plan = planGroupChanges(input({ source: new Map([[SALES, bare]]) }));
    expect(plan.actions[0]).toMatchObject({ attributes: { mailNickname: SALES.replace(/-/g, '') } });
  });
});

describe('applyGroupDeletionThreshold', () => {
  const del = (n: number): GroupAction => ({
    kind: 'delete',
    sourceGroupId: `s${n}`,
    targetGroupId: `g${n}`,
    displayName: `G${n}`,
    why: 'OutOfScope',
  });
  const add: GroupAction = { kind: 'addMember', sourceGroupId: 's', targetGroupId: 'g', memberId: 'm' };

  it.each([
    ['under the threshold', 2, 0, false, false, 2],
    ['past it with the user deprovisions', 2, 1, false, true, 0],
    ['held with the users', 5, 0, true, true, 0],
  ])('%s', (_name, threshold, userDeprovisions, usersHeld, exceeded, deletes) => {
    const result = applyGroupDeletionThreshold([add, del(1), del(2)], {
      threshold,
      userDeprovisions,
      usersHeld,
      approved: false,
    });
    expect(result.exceeded).toBe(exceeded);
    expect(result.actions.filter((a) => a.kind === 'delete')).toHaveLength(deletes);
    expect(result.actions).toContain(add);
  });

  it('lets every delete through once approved', () => {
    const result = applyGroupDeletionThreshold([del(1), del(2)], {
      threshold: 0,
      userDeprovisions: 0,
      usersHeld: false,
      approved: true,
    });
    expect(result.actions).toHaveLength(2);
  });
});
