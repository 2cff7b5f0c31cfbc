import type { SyncScopeStatus } from '../../api/index.js';
import type { SyncExclusion } from '../../governance/exclusions.js';
import type { Fields, Report } from '../../kube/report.js';
import type { ActionOutcome } from '../../sync/apply.js';
import type { CycleResult, SyncState } from '../../sync/cycle.js';
import { inFlightStatus } from '../../sync/invitations-in-flight.js';
import type { QuotaStatus } from '../../sync/quota.js';
import type { CompiledMapping } from '../../sync/mapping/compile.js';
import type { AttributeChange, SyncAction } from '../../sync/plan.js';
import { plural } from '../../sync/plural.js';
import { userRetryDelaySeconds } from '../../sync/safety.js';

const SAMPLE = 50;

function text(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  return (typeof v === 'string' ? v : JSON.stringify(v)).slice(0, 1024);
}

const REDACTED = '[Redact]';

/** Target attributes whose mapping uses Redact: their values never reach status. */
export type RedactedAttributes = ReadonlySet<string>;

export function redactedAttributes(mapping: CompiledMapping): RedactedAttributes {
  return new Set(mapping.attributes.filter((a) => a.redact).map((a) => a.target));
}

function changesOf(changes: readonly AttributeChange[], redacted: RedactedAttributes) {
  return changes.slice(0, 64).map((c) => {
    const hide = (v: unknown) => {
      const shown = text(v);
      return shown !== undefined && redacted.has(c.attribute) ? REDACTED : shown;
    };
    const from = hide(c.from);
    const to = hide(c.to);
    return {
      attribute: c.attribute,
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
    };
  });
}

/** One planned action as status shows it, with old -> new values. */
function plannedAction(a: SyncAction, redacted: RedactedAttributes) {
  const action = a.kind === 'adopt' ? 'update' : a.kind;
  const base = { action, sourceUser: a.sourceUserId };
  switch (a.kind) {
    case 'create':
      return {
        ...base,
        changes: changesOf(
          Object.entries(a.attributes).map(([attribute, to]) => ({ attribute, from: null, to })),
          redacted,
        ),
      };
    case 'adopt':
      return {
        ...base,
        targetUser: a.targetUserId,
        changes: changesOf(
          Object.entries(a.attributes).map(([attribute, to]) => ({ attribute, from: null, to })),
          redacted,
        ),
      };
    case 'update':
      return { ...base, targetUser: a.targetUserId, changes: changesOf(a.changes, redacted) };
    case 'deprovision':
    case 'restore':
      return { ...base, targetUser: a.targetUserId };
  }
}

/** What a cycle reports on its SyncScope. */
export type SyncScopeReport = Report<'SyncScope', SyncScopeStatus>;

function thresholdMessage(result: CycleResult): string {
  const held = result.staged.length;
  const why =
    result.unexplainedDeprovisions !== undefined
      ? `${plural(held, 'deprovision')} would shrink the scope sharply ` +
        `(${result.unexplainedDeprovisions} of them for users Graph reported neither changed nor removed)`
      : `${plural(held, 'deprovision')} ${held === 1 ? 'exceeds' : 'exceed'} the deletion threshold`;
  return `${why}; ${held === 1 ? 'it is held' : 'they are held'} until the annotation crosstenant.io/approve-deletions is set`;
}

function readinessAfter(result: CycleResult, dryRun: boolean): SyncScopeReport['readiness'] {
  if (result.thresholdExceeded && result.staged.length > 0)
    return { state: 'stalled', reason: 'DeletionThresholdExceeded', message: thresholdMessage(result) };
  const deferred = result.plan.deferred.length;
  const message = dryRun
    ? `DryRun: ${plural(result.plan.actions.length + deferred, 'action')} planned, none applied`
    : `${plural(result.counts.provisioned, 'user')} provisioned, ${result.counts.inScope} in scope`;
  if (deferred > 0 && !dryRun)
    return {
      state: 'progressing',
      reason: 'Provisioning',
      message: `${message}; ${deferred} more to create, the next cycle goes on at once`,
    };
  return { state: 'ready', reason: dryRun ? 'DryRun' : 'Synced', message };
}

/** The report of a SyncScope after a cycle: counts, the last cycle, the plan (DryRun), staged deprovisions, failures, conditions. */
export function cycleReport(options: {
  result: CycleResult;
  state: SyncState;
  started: Date;
  ended: Date;
  dryRun: boolean;
  exclusions: SyncExclusion[];
  pendingInvitations: number;
  redacted: RedactedAttributes;
  quota?: QuotaStatus;
}): SyncScopeReport {
  const { result, state, ended } = options;
  const count = (kind: SyncAction['kind']) => result.plan.actions.filter((a) => a.kind === kind).length;
  const failed = result.counts.failed;
  const conditions: SyncScopeReport['conditions'] = {
    DeletionThresholdExceeded:
      result.thresholdExceeded && result.staged.length > 0
        ? { status: 'True', reason: 'DeletionThresholdExceeded', message: thresholdMessage(result) }
        : { status: 'False', reason: 'WithinThreshold', message: 'deprovisions are within the threshold' },
    Synced:
      failed > 0
        ? {
            status: 'False',
            reason: 'UsersFailed',
            message: `${plural(failed, 'user')} failed and ${failed === 1 ? 'is' : 'are'} retried with back-off`,
          }
        : { status: 'True', reason: 'Synced', message: 'every user in scope is in sync' },
    Quarantined: { status: 'False', reason: 'Healthy', message: 'the last cycle succeeded' },
  };
  const failures = [...state.failures]
    .sort((a, b) => b[1].lastAttemptAt.getTime() - a[1].lastAttemptAt.getTime())
    .slice(0, SAMPLE)
    .map(([id, f]) => ({
      sourceUser: id,
      action: f.action === 'adopt' ? ('update' as const) : f.action,
      message: f.message.slice(0, 1024),
      attempts: f.attempts,
      nextRetryTime: iso(new Date(f.lastAttemptAt.getTime() + userRetryDelaySeconds(f.attempts) * 1000)),
    }));
  const fields = (current: Fields<SyncScopeStatus> | undefined): Fields<SyncScopeStatus> => ({
    counts: { ...result.counts, pendingInvitations: options.pendingInvitations },
    lastCycle: {
      kind: result.kind,
      startTime: iso(options.started),
      endTime: iso(ended),
      ...result.done,
      graphRequests: result.graph.requests,
      throttled: result.graph.throttled,
    },
    plan: options.dryRun
      ? {
          creates: count('create') + count('adopt') + result.plan.deferred.length,
          updates: count('update'),
          deprovisions: count('deprovision'),
          restores: count('restore'),
          sample: result.plan.actions.slice(0, SAMPLE).map((a) => plannedAction(a, options.redacted)),
        }
      : undefined,
    stagedDeprovisions:
      result.staged.length > 0
        ? {
            count: result.staged.length,
            sample: result.staged
              .slice(0, SAMPLE)
              .flatMap((a) =>
                a.kind === 'deprovision'
                  ? [{ sourceUser: a.sourceUserId, targetUser: a.targetUserId, action: a.how }]
                  : [],
              ),
          }
        : undefined,
    failures,
    ...(options.exclusions.length > 0 ? { exclusions: options.exclusions } : {}),
    ...(current?.provisionNow ? { provisionNow: current.provisionNow } : {}),
    ...(current?.provisionGroupNow ? { provisionGroupNow: current.provisionGroupNow } : {}),
    ...(options.quota ? { quota: options.quota } : {}),
    ...(state.sourceDeltaLink ? { sourceDeltaLink: state.sourceDeltaLink.slice(0, 16384) } : {}),
    ...(state.groupsDeltaLinks?.[0] ? { groupsDeltaLink: state.groupsDeltaLinks[0].slice(0, 16384) } : {}),
    ...(state.targetDeltaLink ? { targetDeltaLink: state.targetDeltaLink.slice(0, 16384) } : {}),
    ...inFlightStatus(state.inFlight),
  });
  return { readiness: readinessAfter(result, options.dryRun), conditions, fields };
}

/**
 * Target users of this source tenant, still present, whose B2B invitation is not redeemed: those of the
 * target index (read before the cycle's writes) with what the writes did, so the count is not a cycle late.
 * A new invitation is pending unless Graph said it was redeemed at once (`status: Completed`).
 */
export function pendingInvitations(
  state: SyncState,
  sourceTenantId: string,
  outcomes: readonly ActionOutcome[],
): number {
  const gone = new Set<string>();
  const restored = new Set<string>();
  let pending = 0;
  for (const { ok, action: a, invitationPending } of outcomes) {
    if (!ok) continue;
    if (a.kind === 'create') {
      if (invitationPending !== false) pending++;
    } else if (a.kind === 'deprovision' && a.how !== 'Disable') gone.add(a.targetUserId);
    else if (a.kind === 'restore') restored.add(a.targetUserId);
  }
  for (const user of state.target.values()) {
    const present = user.deleted ? restored.has(user.id) : !gone.has(user.id);
    if (!present || user.attributes['externalUserState'] !== 'PendingAcceptance') continue;
    if (state.target.sourceIdOf(user, sourceTenantId) !== undefined) pending++;
  }
  return pending;
}

/** Kubernetes' seconds-precision timestamp. */
export function iso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
