import type { SyncScopeStatus } from '../api/index.js';
import type { GroupPassResult } from '../sync/groups/pass.js';
import { withGroupStatus } from './sync-scope-groups.js';

const SALES = '11111111-0000-4000-8000-000000000001';
const EARLIER = '2026-12-07T00:00:00Z';
const NOW = new Date('2026-12-07T01:00:00Z');

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

const ready = (status: 'True' | 'False', reason: string, at: string) => ({
  type: 'Ready',
  status,
  reason,
  message: reason,
  lastTransitionTime: at,
});

describe('withGroupStatus', () => {
  it('leaves the status alone without groupSync', () => {
    const next: SyncScopeStatus = { conditions: [ready('True', 'Synced', NOW.toISOString())] };
    expect(withGroupStatus(undefined, next, undefined, 1, NOW)).toBe(next);
  });

  it('keeps Ready False for a refused group since it first was, though the user pass set it True', () => {
    const current: SyncScopeStatus = { conditions: [ready('False', 'GroupNotSupported', EARLIER)] };
    const next: SyncScopeStatus = { conditions: [ready('True', 'Synced', NOW.toISOString())] };
    const refused = [
      { sourceGroupId: SALES, reason: 'MicrosoftGroup' as const, message: 'a Microsoft 365 group' },
    ];
    const status = withGroupStatus(
      current,
      next,
      { ok: true, result: pass({ refused }), dryRun: false },
      1,
      NOW,
    );
    expect(status.conditions?.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'GroupNotSupported',
      lastTransitionTime: EARLIER,
    });
    expect(status.groups?.refused).toEqual(refused);
  });

  it('says when group deletes are held, and reports a groups mapping that does not compile', () => {
    const held = withGroupStatus(undefined, {}, { ok: true, result: pass({}, 2), dryRun: false }, 1, NOW);
    expect(held.conditions?.find((c) => c.type === 'DeletionThresholdExceeded')?.status).toBe('True');
    expect(held.groups?.stagedDeletes).toBe(2);
    const invalid = withGroupStatus(
      undefined,
      {},
      { ok: false, reason: 'MappingInvalid', message: 'the groups section does not compile' },
      1,
      NOW,
    );
    expect(invalid.conditions?.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'MappingInvalid',
    });
  });
});
