import { compileGroupMapping } from './mapping.js';
import type { GroupAction } from './plan.js';
import { planGroupOnDemand, type GroupOnDemandPlan } from './provision-now-plan.js';
import { groupOnDemandReport, type GroupOnDemandFacts } from './provision-now-report.js';
import type { GroupRecord } from './records.js';

const TENANT = 'aaaaaaaa-0000-4000-8000-000000000001';
const ANCHOR = 'extension_0123456789abcdef0123456789abcdef_groupAnchor';
const SALES = '11111111-0000-4000-8000-000000000001';
const NOW = new Date('2026-12-07T04:30:00.123Z');
const IN_SCOPE = { inScope: true, reason: 'InScope', message: 'in scope' } as const;

const source: GroupRecord = {
  id: SALES,
  attributes: { securityEnabled: true, mailEnabled: false, displayName: 'Sales EMEA', mailNickname: 'sales' },
  members: new Set(Array.from({ length: 120 }, (_, i) => `u${String(i).padStart(3, '0')}`)),
  nestedGroups: new Set(),
};

function plan(): GroupOnDemandPlan {
  const mapping = compileGroupMapping(undefined);
  if (!mapping.ok) throw new Error('defaults must compile');
  return planGroupOnDemand({
    sourceTenantId: TENANT,
    groupSync: {
      assignedGroups: false,
      groupIds: [SALES],
      anchorAttribute: ANCHOR,
      deprovision: { onOutOfScope: 'Delete', onSourceDeleted: 'Delete' },
    },
    assignedGroups: [],
    mapping: mapping.mapping,
    source,
    otherMembers: [],
    // Every even user is synchronized; the odd ones are not yet.
    member: (id) =>
      Number(id.slice(1)) % 2 === 0
        ? { kind: 'member', targetUserId: `t${id.slice(1)}` }
        : { kind: 'skip', reason: 'NotSynchronized' },
    now: NOW,
  });
}

const facts = (overrides: Partial<GroupOnDemandFacts>): GroupOnDemandFacts => ({
  requested: SALES,
  now: NOW,
  dryRun: false,
  source,
  scope: IN_SCOPE,
  direct: 120,
  plan: plan(),
  outcomes: [],
  ...overrides,
});

describe('groupOnDemandReport', () => {
  it('says a group the source does not have was not found', () => {
    const report = groupOnDemandReport({ requested: SALES, now: NOW, dryRun: false, outcomes: [] });
    expect(report).toMatchObject({ result: 'GroupNotFound', action: 'none', time: '2026-12-07T04:30:00Z' });
    expect(report.message).toContain(SALES);
  });

  it('tells a group groupSync does not name from one refused for its type', () => {
    const out = { inScope: false, reason: 'NotInGroupSync', message: 'add it to groupIds' } as const;
    const refused = { inScope: false, reason: 'MicrosoftGroup', message: 'a Microsoft 365 group' } as const;
    expect(groupOnDemandReport(facts({ scope: out, plan: undefined }))).toMatchObject({
      result: 'NotInScope',
      scope: out,
      sourceGroup: { id: SALES, displayName: 'Sales EMEA' },
    });
    expect(groupOnDemandReport(facts({ scope: refused, plan: undefined })).result).toBe('GroupNotSupported');
  });

  it('plans in DryRun with whole counts and bounded lists', () => {
    const report = groupOnDemandReport(facts({ dryRun: true }));
    expect(report.result).toBe('DryRun');
    expect(report.action).toBe('create');
    expect(report.message).toContain('60 added, 0 removed, 60 left out');
    expect(report.members).toMatchObject({ direct: 120, desired: 60, addedCount: 60, skippedCount: 60 });
    expect(report.members?.added).toHaveLength(50);
    expect(report.members?.skipped).toHaveLength(50);
    expect(report.graph).toBeUndefined();
    expect(report.attributes.find((a) => a.target === 'displayName')).toMatchObject({
      result: 'Sales EMEA',
      flow: 'Changed',
    });
  });

  it("gives Graph's answer per write, failures first, and the new group's id", () => {
    const p = plan();
    const create = p.actions[0] as GroupAction;
    const add = (memberId: string): GroupAction => ({
      kind: 'addMember',
      sourceGroupId: SALES,
      targetGroupId: 'tg',
      memberId,
    });
    const report = groupOnDemandReport(
      facts({
        plan: p,
        outcomes: [
          { action: create, ok: true, targetGroupId: 'tg' },
          { action: add('t000'), ok: true },
          { action: add('t002'), ok: false, error: 'Request_BadRequest: no' },
        ],
      }),
    );
    expect(report).toMatchObject({ result: 'Failed', action: 'create', targetGroup: 'tg' });
    expect(report.message).toBe('1 of 3 writes failed: Request_BadRequest: no');
    expect(report.graph).toEqual({
      ok: false,
      writes: 3,
      failed: 1,
      results: [
        { write: 'addMember t002', ok: false, error: 'Request_BadRequest: no' },
        { write: 'create', ok: true },
        { write: 'addMember t000', ok: true },
      ],
    });
  });
});
