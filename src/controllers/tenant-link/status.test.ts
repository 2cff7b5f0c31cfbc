import type { TenantLinkStatus } from '../../api/index.js';
import { findCondition, READY } from '../../kube/conditions.js';
import { changedReady, readyEventType, reportedStatus } from '../../kube/report.js';
import type { LinkObservation } from './status.js';
import { linkReport, readinessOf, unreachableRetryMs } from './status.js';

/** The status the controller writes after `observation`, from `previous`. */
const buildTenantLinkStatus = (
  previous: TenantLinkStatus | undefined,
  observation: LinkObservation,
  generation: number,
  now: Date,
): TenantLinkStatus => reportedStatus(previous, linkReport(observation, now), generation, now);

/** The Event the report records for a new status, if any. */
const transitionEvent = (previous: TenantLinkStatus | undefined, next: TenantLinkStatus) => {
  const after = changedReady({
    before: findCondition(previous?.conditions, READY),
    after: findCondition(next.conditions, READY),
  });
  return after && { type: readyEventType(after), reason: after.reason, message: after.message };
};

const T0 = new Date('2026-01-01T00:00:00.123Z');
const T1 = new Date('2026-01-01T00:05:00.456Z');

const connected = (missing: string[] = []): LinkObservation => ({
  kind: 'connected',
  clientId: 'app-1',
  displayName: 'Contoso',
  defaultDomain: 'contoso.com',
  granted: ['User.ReadWrite.All', 'Organization.Read.All'],
  permissions: { required: ['Organization.Read.All', ...missing].sort(), missing },
});

describe('the status a TenantLink observation reports', () => {
  it('reports a connected link as Ready with the tenant and sorted permissions', () => {
    expect(buildTenantLinkStatus(undefined, connected(), 3, T0)).toEqual({
      observedGeneration: 3,
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          observedGeneration: 3,
          lastTransitionTime: '2026-01-01T00:00:00Z',
          reason: 'Connected',
          message: 'Signed in to Contoso (contoso.com) with 2 application permissions',
        },
      ],
      tenantDisplayName: 'Contoso',
      defaultDomain: 'contoso.com',
      grantedPermissions: ['Organization.Read.All', 'User.ReadWrite.All'],
      requiredPermissions: ['Organization.Read.All'],
      missingPermissions: [],
      lastCheckedTime: '2026-01-01T00:00:00Z',
    });
  });

  it('reports missing permissions as Ready=False PermissionsMissing with Stalled, listing them', () => {
    const status = buildTenantLinkStatus(undefined, connected(['User.Invite.All']), 1, T0);
    expect(status.missingPermissions).toEqual(['User.Invite.All']);
    expect(status.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['Ready', 'False', 'PermissionsMissing'],
      ['Stalled', 'True', 'PermissionsMissing'],
    ]);
    expect(status.conditions?.[0]?.message).toContain('User.Invite.All');
  });

  it.each<[LinkObservation['kind'] | string, LinkObservation, string, string[]]>([
    [
      'invalid credentials',
      {
        kind: 'failed',
        reason: 'CredentialsInvalid',
        message: 'AADSTS7000215: Invalid client secret provided.',
      },
      'CredentialsInvalid',
      ['Ready', 'Stalled'],
    ],
    [
      'a missing Secret',
      { kind: 'failed', reason: 'SecretNotFound', message: 'no' },
      'SecretNotFound',
      ['Ready', 'Stalled'],
    ],
    [
      'a missing key',
      { kind: 'failed', reason: 'SecretKeyMissing', message: 'no' },
      'SecretKeyMissing',
      ['Ready', 'Stalled'],
    ],
    [
      'an unreachable tenant (retried, not stalled)',
      { kind: 'failed', reason: 'TenantUnreachable', message: 'down' },
      'TenantUnreachable',
      ['Ready'],
    ],
    ['suspension', { kind: 'suspended' }, 'Suspended', ['Ready']],
  ])('reports %s as Ready=False with its reason', (_, observation, reason, types) => {
    const status = buildTenantLinkStatus(undefined, observation, 2, T0);
    expect(status.conditions?.map((c) => c.type)).toEqual(types);
    expect(status.conditions?.every((c) => c.reason === reason && c.observedGeneration === 2)).toBe(true);
    expect(status.conditions?.[0]?.status).toBe('False');
    expect(status.grantedPermissions).toBeUndefined();
  });

  it('keeps the tenant facts of the last success when sign-in fails, and drops Stalled once connected again', () => {
    const ok = buildTenantLinkStatus(undefined, connected(), 1, T0);
    const failed = buildTenantLinkStatus(
      ok,
      { kind: 'failed', reason: 'CredentialsInvalid', message: 'AADSTS7000215: x' },
      2,
      T1,
    );
    expect(failed).toMatchObject({
      tenantDisplayName: 'Contoso',
      defaultDomain: 'contoso.com',
      lastCheckedTime: '2026-01-01T00:05:00Z',
    });
    expect(failed.conditions?.[0]?.lastTransitionTime).toBe('2026-01-01T00:05:00Z');
    const again = buildTenantLinkStatus(failed, connected(), 2, T1);
    expect(again.conditions?.map((c) => c.type)).toEqual(['Ready']);
  });

  it('moves lastTransitionTime only when Ready changes status', () => {
    const first = buildTenantLinkStatus(undefined, connected(), 1, T0);
    const second = buildTenantLinkStatus(first, connected(), 1, T1);
    expect(second.conditions?.[0]?.lastTransitionTime).toBe('2026-01-01T00:00:00Z');
    expect(second.lastCheckedTime).toBe('2026-01-01T00:05:00Z');
  });
});

describe('readinessOf', () => {
  it('names the app in a PermissionsMissing message', () => {
    expect(readinessOf(connected(['AccessReview.ReadWrite.All'])).message).toMatch(
      /app-1 .*AccessReview\.ReadWrite\.All/,
    );
  });
});

describe('the Event a TenantLink status change records', () => {
  const status = (observation: LinkObservation, previous?: TenantLinkStatus): TenantLinkStatus =>
    buildTenantLinkStatus(previous, observation, 1, T0);

  it('emits Normal Connected on the first success and nothing while it stays connected', () => {
    const first = status(connected());
    expect(transitionEvent(undefined, first)).toEqual({
      type: 'Normal',
      reason: 'Connected',
      message: 'Signed in to Contoso (contoso.com) with 2 application permissions',
    });
    expect(transitionEvent(first, status(connected(), first))).toBeUndefined();
  });

  it('emits a Warning when the reason changes', () => {
    const first = status(connected());
    const next = status({ kind: 'failed', reason: 'CredentialsInvalid', message: 'AADSTS7000215: x' }, first);
    expect(transitionEvent(first, next)).toEqual({
      type: 'Warning',
      reason: 'CredentialsInvalid',
      message: 'AADSTS7000215: x',
    });
  });
});

describe('unreachableRetryMs', () => {
  const unreachable: LinkObservation = {
    kind: 'failed',
    reason: 'TenantUnreachable',
    message: 'ECONNREFUSED',
  };
  const FIVE_MINUTES = 300_000;
  // Condition times are whole seconds: count from T0's second.
  const after = (ms: number) => new Date(Date.parse('2026-01-01T00:00:00Z') + ms);

  it.each([
    ['just failed', 0, 30_000],
    ['down 20 s', 20_000, 30_000],
    ['down 2 min', 120_000, 120_000],
    ['down an hour', 3_600_000, FIVE_MINUTES],
  ])(
    'waits as long as the tenant has been down, from 30 s to the recheck interval: %s',
    (_what, down, wait) => {
      const status = buildTenantLinkStatus(undefined, unreachable, 1, T0);
      expect(unreachableRetryMs(status, after(down), FIVE_MINUTES)).toBe(wait);
    },
  );

  it('counts from when the link stopped being Ready, not from its last check', () => {
    const down = buildTenantLinkStatus(
      buildTenantLinkStatus(undefined, connected(), 1, T0),
      unreachable,
      1,
      T1,
    );
    const checkedAgain = buildTenantLinkStatus(down, unreachable, 1, after(600_000));
    expect(unreachableRetryMs(checkedAgain, after(300_000 + 240_000), 3_600_000)).toBe(240_000);
  });

  it('waits 30 s for a link without status', () => {
    expect(unreachableRetryMs(undefined, T0, FIVE_MINUTES)).toBe(30_000);
  });
});
