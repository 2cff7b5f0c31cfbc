import { emptySyncState, type CycleResult } from '../../sync/cycle.js';
import type { ActionOutcome } from '../../sync/apply.js';
import type { SyncAction } from '../../sync/plan.js';
import { TargetStore } from '../../sync/target-index.js';
import type { SyncScopeStatus } from '../../api/index.js';
import { reportedStatus } from '../../kube/report.js';
import { cycleReport, pendingInvitations } from './status.js';

const now = new Date('2026-11-28T12:00:00Z');

function cycleResult(extra: Partial<CycleResult>): CycleResult {
  return {
    kind: 'Incremental',
    plan: { actions: [], failures: [], deferred: [] },
    outcomes: [],
    staged: [],
    thresholdExceeded: false,
    counts: {
      inScope: 0,
      provisioned: 0,
      pendingCreate: 0,
      pendingUpdate: 0,
      pendingDeprovision: 0,
      failed: 0,
    },
    done: { created: 0, updated: 0, deprovisioned: 0, restored: 0, failed: 0 },
    graph: { requests: 0, throttled: 0 },
    planCpuSeconds: 0,
    ...extra,
  };
}

function statusAfter(
  result: CycleResult,
  dryRun: boolean,
  redacted: ReadonlySet<string> = new Set(),
  current?: SyncScopeStatus,
) {
  const report = cycleReport({
    result,
    state: emptySyncState(),
    started: now,
    ended: now,
    dryRun,
    exclusions: [],
    pendingInvitations: 0,
    redacted,
  });
  return reportedStatus<'SyncScope', SyncScopeStatus>(current, report, 1, now);
}

describe('pendingInvitations', () => {
  const tenant = '11111111-1111-1111-1111-111111111111';
  const state = emptySyncState();
  state.target = new TargetStore('employeeId', [
    {
      id: 't1',
      deleted: false,
      attributes: { employeeId: `${tenant}:s1`, externalUserState: 'PendingAcceptance' },
    },
    {
      id: 't2',
      deleted: false,
      attributes: { employeeId: `${tenant}:s2`, externalUserState: 'PendingAcceptance' },
    },
    {
      id: 't3',
      deleted: true,
      attributes: { employeeId: `${tenant}:s3`, externalUserState: 'PendingAcceptance' },
    },
    { id: 't4', deleted: false, attributes: { employeeId: `${tenant}:s4`, externalUserState: 'Accepted' } },
  ]);

  it('counts the invitations of this cycle and leaves out the users it deleted, not a cycle later', () => {
    const outcomes: ActionOutcome[] = [
      {
        ok: true,
        targetUserId: 't9',
        action: {
          kind: 'create',
          sourceUserId: 's9',
          invitation: { email: 'n@example.com', displayName: 'N', userType: 'Member' },
          attributes: {},
        },
      },
      {
        ok: true,
        action: {
          kind: 'deprovision',
          sourceUserId: 's2',
          targetUserId: 't2',
          how: 'SoftDelete',
          reason: 'OutOfScope',
        },
      },
      { ok: true, action: { kind: 'restore', sourceUserId: 's3', targetUserId: 't3' } },
    ];
    expect(pendingInvitations(state, tenant, [])).toBe(2);
    expect(pendingInvitations(state, tenant, outcomes)).toBe(3);
  });

  it('leaves out an invitation Graph reported redeemed at once (status Completed)', () => {
    const redeemed: ActionOutcome = {
      ok: true,
      targetUserId: 't9',
      invitationPending: false,
      action: {
        kind: 'create',
        sourceUserId: 's9',
        invitation: { email: 'n@example.com', displayName: 'N', userType: 'Member' },
        attributes: {},
      },
    };
    expect(pendingInvitations(state, tenant, [redeemed])).toBe(2);
  });
});

describe('cycleReport after a cycle that left creates for the next', () => {
  const result = cycleResult({
    kind: 'Initial',
    plan: { actions: [], failures: [], deferred: ['u1', 'u2'] },
    counts: {
      inScope: 12,
      provisioned: 10,
      pendingCreate: 2,
      pendingUpdate: 0,
      pendingDeprovision: 0,
      failed: 0,
    },
    done: { created: 10, updated: 0, deprovisioned: 0, restored: 0, failed: 0 },
  });
  const status = (dryRun: boolean) => statusAfter(result, dryRun);

  it('reports the SyncScope progressing, with what is left', () => {
    const message = '10 users provisioned, 12 in scope; 2 more to create, the next cycle goes on at once';
    expect(status(false).conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'Ready', status: 'Unknown', reason: 'Provisioning', message }),
        expect.objectContaining({ type: 'Reconciling', status: 'True', reason: 'Provisioning' }),
      ]),
    );
  });

  it('counts the deferred creates in a DryRun plan', () => {
    const dry = status(true);
    expect(dry.plan?.creates).toBe(2);
    expect(dry.conditions).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'Ready', status: 'True', reason: 'DryRun' })]),
    );
  });
});

describe('cycleReport of a DryRun plan', () => {
  const result = cycleResult({
    kind: 'Initial',
    plan: {
      actions: [
        {
          kind: 'create',
          sourceUserId: 's1',
          invitation: { email: 'a@example.com', displayName: 'A', userType: 'Member' },
          attributes: { displayName: 'A', employeeId: 'secret-1' },
        },
        {
          kind: 'update',
          sourceUserId: 's2',
          targetUserId: 't2',
          changes: [
            { attribute: 'employeeId', from: 'secret-old', to: 'secret-2' },
            { attribute: 'jobTitle', from: null, to: 'Chef' },
          ],
        },
      ],
      failures: [],
      deferred: [],
    },
  });

  it('shows [Redact] for the values of attributes whose mapping uses Redact', () => {
    const status = statusAfter(result, true, new Set(['employeeId']));
    expect(JSON.stringify(status)).not.toMatch(/secret/);
    const [create, update] = status.plan?.sample ?? [];
    expect(create?.changes).toEqual(
      expect.arrayContaining([
        { attribute: 'employeeId', to: '[Redact]' },
        { attribute: 'displayName', to: 'A' },
      ]),
    );
    expect(update?.changes).toEqual([
      { attribute: 'employeeId', from: '[Redact]', to: '[Redact]' },
      { attribute: 'jobTitle', to: 'Chef' },
    ]);
  });
});

describe('cycleReport messages', () => {
  const base = cycleResult({
    counts: {
      inScope: 1,
      provisioned: 1,
      pendingCreate: 0,
      pendingUpdate: 0,
      pendingDeprovision: 0,
      failed: 1,
    },
  });
  const messages = (result: CycleResult) => statusAfter(result, false).conditions?.map((c) => c.message);

  it('say one in the singular', () => {
    const staged: SyncAction[] = [
      { kind: 'deprovision', sourceUserId: 's', targetUserId: 't', how: 'SoftDelete', reason: 'OutOfScope' },
    ];
    expect(messages(base)).toEqual(
      expect.arrayContaining([
        '1 user provisioned, 1 in scope',
        '1 user failed and is retried with back-off',
      ]),
    );
    expect(messages({ ...base, staged, thresholdExceeded: true })).toContain(
      '1 deprovision exceeds the deletion threshold; it is held until the annotation crosstenant.io/approve-deletions is set',
    );
  });
});

describe('cycleReport', () => {
  it('keeps the last provision-now reports, user and group, which a cycle does not make', () => {
    const answered = { time: '2026-11-28T11:59:00Z', result: 'Succeeded', action: 'none', attributes: [] };
    const current = {
      provisionNow: { ...answered, user: 'zoe@emea.contoso.com', message: 'nothing to do' },
      provisionGroupNow: { ...answered, group: 'fa95f939', message: 'nothing to do' },
    } as SyncScopeStatus;
    const status = statusAfter(cycleResult({}), false, new Set(), current);
    expect(status.provisionNow).toEqual(current.provisionNow);
    expect(status.provisionGroupNow).toEqual(current.provisionGroupNow);
  });
});
