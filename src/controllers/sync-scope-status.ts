import type { SyncScopeStatus } from '../api/index.js';
import type { SyncExclusion } from '../governance/exclusions.js';
import type { Condition } from '../kube/conditions.js';
import { findCondition, READY, setCondition, setReadiness } from '../kube/conditions.js';
import type { ActionOutcome } from '../sync/apply.js';
import type { CycleProgress, CycleResult, SyncState } from '../sync/cycle.js';
import type { CompiledMapping } from '../sync/mapping/compile.js';
import { inFlightStatus } from '../sync/invitations-in-flight.js';
import type { AttributeChange, SyncAction } from '../sync/plan.js';
import { plural } from '../sync/plural.js';
import { userRetryDelaySeconds } from '../sync/safety.js';

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

/** The status of a SyncScope after a cycle: counts, the last cycle, the plan (DryRun), staged deprovisions, failures, conditions. */
export function syncScopeStatus(options: {
  current: SyncScopeStatus | undefined;
  generation: number | undefined;
  result: CycleResult;
  state: SyncState;
  started: Date;
  ended: Date;
  dryRun: boolean;
  exclusions: SyncExclusion[];
  pendingInvitations: number;
  redacted: RedactedAttributes;
}): SyncScopeStatus {
  const { result, state, generation, ended } = options;
  let conditions: Condition[] = options.current?.conditions ?? [];
  const count = (kind: SyncAction['kind']) => result.plan.actions.filter((a) => a.kind === kind).length;
  if (result.thresholdExceeded && result.staged.length > 0) {
    const why =
      result.unexplainedDeprovisions !== undefined
        ? `${plural(result.staged.length, 'deprovision')} would shrink the scope sharply ` +
          `(${result.unexplainedDeprovisions} of them for users Graph reported neither changed nor removed)`
        : `${plural(result.staged.length, 'deprovision')} ${result.staged.length === 1 ? 'exceeds' : 'exceed'} the deletion threshold`;
    const held = result.staged.length === 1 ? 'it is held' : 'they are held';
    const message = `${why}; ${held} until the annotation crosstenant.io/approve-deletions is set`;
    conditions = setReadiness(
      conditions,
      { state: 'stalled', reason: 'DeletionThresholdExceeded', message },
      generation,
      ended,
    );
    conditions = setCondition(
      conditions,
      { type: 'DeletionThresholdExceeded', status: 'True', reason: 'DeletionThresholdExceeded', message },
      generation,
      ended,
    );
  } else {
    const deferred = result.plan.deferred.length;
    const message = options.dryRun
      ? `DryRun: ${plural(result.plan.actions.length + deferred, 'action')} planned, none applied`
      : `${plural(result.counts.provisioned, 'user')} provisioned, ${result.counts.inScope} in scope`;
    conditions = setReadiness(
      conditions,
      deferred > 0 && !options.dryRun
        ? {
            state: 'progressing',
            reason: 'Provisioning',
            message: `${message}; ${deferred} more to create, the next cycle goes on at once`,
          }
        : { state: 'ready', reason: options.dryRun ? 'DryRun' : 'Synced', message },
      generation,
      ended,
    );
    conditions = setCondition(
      conditions,
      {
        type: 'DeletionThresholdExceeded',
        status: 'False',
        reason: 'WithinThreshold',
        message: 'deprovisions are within the threshold',
      },
      generation,
      ended,
    );
  }
  conditions = setCondition(
    conditions,
    result.counts.failed > 0
      ? {
          type: 'Synced',
          status: 'False',
          reason: 'UsersFailed',
          message: `${plural(result.counts.failed, 'user')} failed and ${result.counts.failed === 1 ? 'is' : 'are'} retried with back-off`,
        }
      : { type: 'Synced', status: 'True', reason: 'Synced', message: 'every user in scope is in sync' },
    generation,
    ended,
  );
  conditions = setCondition(
    conditions,
    { type: 'Quarantined', status: 'False', reason: 'Healthy', message: 'the last cycle succeeded' },
    generation,
    ended,
  );
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
  return {
    observedGeneration: generation,
    conditions,
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
    ...(options.current?.provisionNow ? { provisionNow: options.current.provisionNow } : {}),
    ...(state.sourceDeltaLink ? { sourceDeltaLink: state.sourceDeltaLink.slice(0, 16384) } : {}),
    ...(state.groupsDeltaLink ? { groupsDeltaLink: state.groupsDeltaLink.slice(0, 16384) } : {}),
    ...(state.targetDeltaLink ? { targetDeltaLink: state.targetDeltaLink.slice(0, 16384) } : {}),
    ...inFlightStatus(state.inFlight),
  } as SyncScopeStatus;
}

/**
 * While a cycle creates more users than it applies at once (a large initial sync takes hours at Graph's
 * write rate): Ready=Unknown and Reconciling=True with how far the creates are, so that kubectl, Argo CD
 * and Flux show progress rather than the last cycle's state.
 */
export function provisioningStatus(
  current: SyncScopeStatus | undefined,
  progress: CycleProgress,
  generation: number | undefined,
  now: Date,
): SyncScopeStatus {
  const message = `creating ${plural(progress.planned, 'user')}: ${progress.done} done, the cycle goes on`;
  return {
    ...current,
    // Counts of this process's cycle, not of one a restart cut short (or none on a first sync).
    counts: {
      pendingUpdate: 0,
      pendingDeprovision: 0,
      failed: 0,
      ...current?.counts,
      inScope: progress.inScope,
      provisioned: progress.provisioned,
      pendingCreate: progress.planned - progress.done + progress.deferred,
    },
    conditions: setReadiness(
      current?.conditions,
      { state: 'progressing', reason: 'Provisioning', message },
      generation,
      now,
    ),
  };
}

/**
 * The status while a cycle runs on a SyncScope that is not Ready (new, failing, or waiting on a tenant):
 * Reconciling, so that what it said before (a TenantLink not checked yet, an outage) does not stand for
 * the whole of a long first cycle. A Ready scope keeps its status: a cycle every interval writes once.
 */
export function cycleStartedStatus(
  current: SyncScopeStatus | undefined,
  generation: number | undefined,
  started: Date,
): SyncScopeStatus | undefined {
  if (findCondition(current?.conditions, READY)?.status === 'True') return undefined;
  const message = `a sync cycle started at ${started.toISOString()} and is running`;
  return {
    ...current,
    conditions: setReadiness(
      current?.conditions,
      { state: 'progressing', reason: 'Syncing', message },
      generation,
      started,
    ),
  };
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
