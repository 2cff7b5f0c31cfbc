import type { ActionOutcome } from '../../sync/apply.js';
import type { CycleResult } from '../../sync/cycle.js';
import type { SyncAction } from '../../sync/plan.js';
import { PER_USER_EVENTS, cycleEvents } from './events.js';

const update: SyncAction = {
  kind: 'update',
  targetUserId: 't1',
  sourceUserId: 's1',
  changes: [{ attribute: 'department', from: 'HR', to: 'Sales' }],
};
const deprovision: SyncAction = {
  kind: 'deprovision',
  targetUserId: 't2',
  sourceUserId: 's2',
  how: 'SoftDelete',
  reason: 'OutOfScope',
};

function result(outcomes: ActionOutcome[]): CycleResult {
  const count = (ok: boolean, kind: string) =>
    outcomes.filter((o) => o.ok === ok && o.action.kind === kind).length;
  return {
    plan: { actions: outcomes.map((o) => o.action), failures: [] },
    outcomes,
    done: {
      created: count(true, 'create'),
      updated: count(true, 'update'),
      deprovisioned: count(true, 'deprovision'),
      restored: count(true, 'restore'),
      failed: outcomes.filter((o) => !o.ok).length,
    },
  } as unknown as CycleResult;
}

describe('cycleEvents', () => {
  it('records nothing for a cycle that did nothing', () => {
    expect(cycleEvents(result([]))).toEqual([]);
  });

  it('names each user when few were acted on', () => {
    expect(
      cycleEvents(
        result([
          { action: update, ok: true },
          { action: deprovision, ok: false, error: 'Throttled' },
        ]),
      ),
    ).toEqual([
      {
        type: 'Normal',
        reason: 'UserUpdated',
        message: 'source user s1 (target user t1): department updated',
      },
      {
        type: 'Warning',
        reason: 'UserSyncFailed',
        message: 'deprovision of source user s2 (target user t2) failed: Throttled',
      },
    ]);
  });

  it('sums up a bigger cycle in one Event, so the per-object Event budget is not spent on it', () => {
    const many = Array.from({ length: PER_USER_EVENTS + 1 }, () => ({ action: update, ok: true }));
    expect(cycleEvents(result(many))).toEqual([
      {
        type: 'Normal',
        reason: 'Synced',
        message: `created 0, updated ${PER_USER_EVENTS + 1}, deprovisioned 0, restored 0, failed 0`,
      },
    ]);
  });
});

describe('cycleEvents for users an access review excluded', () => {
  const excludedBy = new Map([['s2', 'quarterly']]);

  it('names the ReviewSchedule whose review deprovisioned the user', () => {
    expect(cycleEvents(result([{ action: deprovision, ok: true }]), excludedBy)).toEqual([
      {
        type: 'Normal',
        reason: 'UserDeprovisioned',
        message:
          'source user s2 (target user t2): SoftDelete (denied in an access review of ReviewSchedule quarterly)',
      },
    ]);
  });

  it('counts them by ReviewSchedule in the summary of a larger cycle', () => {
    const many = Array.from({ length: PER_USER_EVENTS }, (_, i) => ({
      action: { ...update, sourceUserId: `u${i}` },
      ok: true,
    }));
    const [summary] = cycleEvents(result([...many, { action: deprovision, ok: true }]), excludedBy);
    expect(summary?.message).toBe(
      `created 0, updated ${PER_USER_EVENTS}, deprovisioned 1, restored 0, failed 0 ` +
        '(deprovisioned after an access review denied them: 1 by ReviewSchedule quarterly)',
    );
  });
});
