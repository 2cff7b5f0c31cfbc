import type { GroupPassResult } from '../../sync/groups/pass.js';
import { withGroupReport } from './groups.js';
import type { SyncScopeReport } from './status.js';

const SALES = '11111111-0000-4000-8000-000000000001';

function pass(overrides: Partial<GroupPassResult['plan']>, staged = 0): GroupPassResult {
  const del = {
    kind: 'delete' as const,
    sourceGroupId: SALES,
    targetGroupId: 'g1',
    displayName: 'Sales EMEA',
    why: 'OutOfScope' as const,
  };
  return {
    plan: { actions: [], refused: [], failures: [], inScope: 1, synced: [], ...overrides },
    threshold: { actions: [], staged: Array.from({ length: staged }, () => del), exceeded: staged > 0 },
    outcomes: [],
    provisioned: 1,
    graph: { requests: 0, throttled: 0, writeRequests: 0 },
  };
}

const users = {
  inScope: 3,
  provisioned: 3,
  pendingCreate: 0,
  pendingUpdate: 0,
  pendingDeprovision: 0,
  failed: 0,
};

const synced: SyncScopeReport = {
  readiness: { state: 'ready', reason: 'Synced', message: '3 users provisioned, 3 in scope' },
  fields: () => ({ failures: [] }),
};

describe('withGroupReport', () => {
  const counted: SyncScopeReport = { ...synced, fields: () => ({ counts: users }) };

  it('leaves the report alone without groupSync', () => {
    expect(withGroupReport(synced, undefined)).toBe(synced);
  });

  it('turns Ready False for a refused group and lists it in status.groups, beside the user fields', () => {
    const refused = [
      { sourceGroupId: SALES, reason: 'MicrosoftGroup' as const, message: 'a Microsoft 365 group' },
    ];
    const report = withGroupReport(synced, { ok: true, result: pass({ refused }), dryRun: false });
    expect(report.readiness).toMatchObject({ state: 'notReady', reason: 'GroupNotSupported' });
    const fields = report.fields?.(undefined);
    expect(fields?.groups?.refused).toEqual(refused);
    expect(fields?.failures).toEqual([]);
  });

  it('adds the group figures to status.counts beside the user counts', () => {
    const result = pass({ inScope: 2 });
    result.outcomes = [
      {
        ok: true,
        targetGroupId: 'g2',
        action: {
          kind: 'create',
          sourceGroupId: SALES,
          attributes: { displayName: 'Sales EMEA' },
          members: [],
        },
      },
    ] as GroupPassResult['outcomes'];
    const report = withGroupReport(counted, { ok: true, result, dryRun: false });
    expect(report.fields?.(undefined).counts).toEqual({
      ...users,
      groupsInScope: 2,
      groupsProvisioned: 2,
    });
  });

  it('keeps the last group figures in status.counts while the group pass cannot run', () => {
    const invalid = withGroupReport(counted, { ok: false, reason: 'MappingInvalid', message: 'no' });
    const before = { counts: { ...users, groupsInScope: 2, groupsProvisioned: 1 } };
    expect(invalid.fields?.(before).counts).toEqual(before.counts);
  });

  it('says when group deletes are held, and reports a groups mapping that does not compile', () => {
    const held = withGroupReport(synced, { ok: true, result: pass({}, 2), dryRun: false });
    expect(held.conditions?.DeletionThresholdExceeded?.status).toBe('True');
    expect(held.fields?.(undefined).groups?.stagedDeletes).toBe(2);
    const invalid = withGroupReport(synced, {
      ok: false,
      reason: 'MappingInvalid',
      message: 'the groups section does not compile',
    });
    expect(invalid.readiness).toMatchObject({ state: 'stalled', reason: 'MappingInvalid' });
  });

  it('keeps a user pass that is held: its readiness says more than a refused group', () => {
    const held: SyncScopeReport = {
      readiness: { state: 'stalled', reason: 'DeletionThresholdExceeded', message: 'held' },
    };
    const refused = [{ sourceGroupId: SALES, reason: 'MicrosoftGroup' as const, message: 'm365' }];
    const report = withGroupReport(held, { ok: true, result: pass({ refused }), dryRun: false });
    expect(report.readiness.reason).toBe('DeletionThresholdExceeded');
  });

  it('records an Event for each group created', () => {
    const result = pass({});
    result.outcomes = [
      {
        ok: true,
        targetGroupId: 'g1',
        action: {
          kind: 'create',
          sourceGroupId: SALES,
          attributes: { displayName: 'Sales EMEA' },
          members: ['u1', 'u2'],
        },
      },
    ] as GroupPassResult['outcomes'];
    const report = withGroupReport(synced, { ok: true, result, dryRun: false });
    expect(report.events).toEqual([
      expect.objectContaining({ reason: 'GroupCreated', message: expect.stringContaining('2 members') }),
    ]);
  });
});
