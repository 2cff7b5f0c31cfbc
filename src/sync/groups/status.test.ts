import type { GroupPassResult } from './pass.js';
import { groupSyncStatus } from './status.js';

const SALES = '11111111-0000-4000-8000-000000000001';
const ENG = '11111111-0000-4000-8000-000000000002';

function result(overrides: Partial<GroupPassResult>): GroupPassResult {
  return {
    plan: { actions: [], refused: [], failures: [], inScope: 2, synced: [] },
    threshold: { actions: [], staged: [], exceeded: false },
    outcomes: [],
    provisioned: 0,
    graph: { requests: 0, throttled: 0, writeRequests: 0 },
    ...overrides,
  };
}

describe('groupSyncStatus', () => {
  const create = {
    kind: 'create' as const,
    sourceGroupId: SALES,
    attributes: { displayName: 'Sales EMEA' },
    members: ['t1', 't2'],
  };

  it('counts a new group and its members as written, and lists it with its target id', () => {
    const status = groupSyncStatus(
      result({ outcomes: [{ action: create, ok: true, targetGroupId: 'g1' }] }),
      false,
    );
    expect(status).toMatchObject({
      inScope: 2,
      provisioned: 1,
      failed: 0,
      lastCycle: { created: 1, updated: 0, deleted: 0, membersAdded: 2, membersRemoved: 0 },
      synced: [{ sourceGroupId: SALES, targetGroupId: 'g1', displayName: 'Sales EMEA', members: 2 }],
    });
  });

  it('reports the plan in DryRun, and staged deletes and refused groups', () => {
    const remove = {
      kind: 'delete' as const,
      sourceGroupId: ENG,
      targetGroupId: 'g2',
      displayName: 'Engineering EMEA',
      why: 'OutOfScope' as const,
    };
    const status = groupSyncStatus(
      result({
        threshold: { actions: [create], staged: [remove], exceeded: true },
        plan: {
          actions: [create, remove],
          refused: [{ sourceGroupId: ENG, reason: 'MicrosoftGroup', message: 'a Microsoft 365 group' }],
          failures: [],
          inScope: 1,
          synced: [],
        },
        provisioned: 1,
      }),
      true,
    );
    expect(status.plan).toEqual({ created: 1, updated: 0, deleted: 0, membersAdded: 2, membersRemoved: 0 });
    expect(status.lastCycle).toBeUndefined();
    expect(status.stagedDeletes).toBe(1);
    expect(status.refused).toEqual([
      { sourceGroupId: ENG, reason: 'MicrosoftGroup', message: 'a Microsoft 365 group' },
    ]);
  });
});
