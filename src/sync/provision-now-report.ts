// The report of an on-demand provisioning, shaped as Entra's provision-on-demand shows it: the user found,
// each scope test, each attribute with the source values it read and its result, the action and Graph's answer.
import type { ProvisionNowStatus } from '../api/sync-scope-status.js';
import type { ActionOutcome } from './apply.js';
import type { AttributeEvaluation } from './desired.js';
import { readPath } from './mapping/values.js';
import type { PlanFailure, SyncAction } from './plan.js';
import type { ScopeExplanation } from './scope.js';
import type { TargetUserRecord } from './types.js';
import type { ScopeRules, SourceUser } from './types.js';

const REDACTED = '[Redact]';

/** What one on-demand provisioning found and did, as plain data. */
export interface ProvisionNowFacts {
  /** The annotation value: object id or UPN. */
  requested: string;
  now: Date;
  dryRun: boolean;
  /** The source user; absent when the source has no such user. */
  user?: SourceUser;
  scopeRules: ScopeRules;
  scope?: ScopeExplanation;
  attributes: readonly AttributeEvaluation[];
  /** The target user the SyncScope keeps for this source user, before any write. */
  target?: TargetUserRecord;
  actions: readonly SyncAction[];
  failure?: PlanFailure;
  /** Outcomes of the writes; empty in DryRun or when nothing was to do. */
  outcomes: readonly ActionOutcome[];
}

/** A value as report text, bounded; undefined for null or empty. */
export function text(v: unknown, max = 1024): string | undefined {
  if (v === null || v === undefined || v === '') return undefined;
  if (v instanceof Date) return v.toISOString();
  return (typeof v === 'string' ? v : JSON.stringify(v)).slice(0, max);
}

/** `{ [key]: value }`, or nothing when the value is undefined. */
export function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/** A report time: an ISO timestamp to the second. */
export function iso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The action the report names: a restore followed by an update reads as the update. */
function mainAction(actions: readonly SyncAction[]): ProvisionNowStatus['action'] {
  const main = actions.find((a) => a.kind !== 'restore') ?? actions[0];
  if (!main) return 'none';
  return main.kind === 'adopt' ? 'update' : main.kind;
}

function scopeReport(rules: ScopeRules, e: ScopeExplanation): NonNullable<ProvisionNowStatus['scope']> {
  return {
    inScope: e.decision.inScope,
    reason: e.decision.reason,
    message: e.decision.message.slice(0, 1024),
    internalMember: {
      passed: e.notInternal === null,
      ...optional('message', e.notInternal?.slice(0, 1024)),
    },
    ...(e.assigned
      ? {
          assignedGroup: {
            passed: e.assigned.passed,
            membership: rules.membership === 'Transitive' ? ('Transitive' as const) : ('Direct' as const),
            groups: e.assigned.groups.slice(0, 50),
          },
        }
      : {}),
    filters: e.clauses.slice(0, 64).map((c) => ({
      filter: c.filter,
      attribute: c.attribute.slice(0, 256),
      operator: c.operator,
      ...optional('value', text(c.value)),
      ...optional('actual', text(c.actual)),
      passed: c.result,
    })),
    ...optional('excludedBy', e.excludedBy),
  };
}

/** The target attributes the planned actions write; a value that differs but is not written is Skipped. */
function writtenAttributes(actions: readonly SyncAction[]): Set<string> {
  const written = new Set<string>();
  for (const a of actions) {
    if (a.kind === 'create' || a.kind === 'adopt') for (const k of Object.keys(a.attributes)) written.add(k);
    else if (a.kind === 'update') for (const c of a.changes) written.add(c.attribute);
  }
  return written;
}

/** One attribute of an on-demand report (user or group): values shown unless redacted, and whether it flows. */
export function attributeReport(
  a: AttributeEvaluation,
  target: { attributes: Readonly<Record<string, unknown>> } | undefined,
  written: ReadonlySet<string>,
): ProvisionNowStatus['attributes'][number] {
  const shown = (v: unknown) => (a.redact && text(v) !== undefined ? REDACTED : text(v));
  const result = text(a.value);
  const current = target ? text(readPath(target.attributes, a.target)) : undefined;
  const flow =
    a.error !== undefined
      ? 'Failed'
      : a.value === undefined
        ? 'Skipped'
        : result === current
          ? 'Unchanged'
          : written.has(a.target)
            ? 'Changed'
            : 'Skipped';
  return {
    target: a.target.slice(0, 256),
    mapping: a.mapping.slice(0, 1024),
    sources: a.sources.slice(0, 16).map((s) => ({
      attribute: s.attribute.slice(0, 256),
      ...optional('value', shown(s.value)),
    })),
    ...optional('result', shown(a.value)),
    ...optional('current', shown(current)),
    flow,
    ...optional('error', a.error?.slice(0, 1024)),
  };
}

function verdict(
  f: ProvisionNowFacts,
  action: ProvisionNowStatus['action'],
): Pick<ProvisionNowStatus, 'result' | 'message'> {
  const failed = f.outcomes.filter((o) => !o.ok);
  if (f.failure) return { result: 'Failed', message: `${f.failure.reason}: ${f.failure.message}` };
  if (failed.length > 0)
    return {
      result: 'Failed',
      message: `${action} failed: ${failed.map((o) => o.error ?? 'failed').join('; ')}`,
    };
  const why = f.scope?.decision.inScope === false ? ` (${f.scope.decision.message})` : '';
  if (action === 'none') return { result: 'Succeeded', message: `nothing to do${why}` };
  if (f.dryRun)
    return { result: 'DryRun', message: `DryRun: would ${action} the user${why}; nothing written` };
  return { result: 'Succeeded', message: `${action} done${why}` };
}

/** Builds `status.provisionNow` from what an on-demand provisioning found and did; redacted values stay hidden. */
export function provisionNowReport(f: ProvisionNowFacts): ProvisionNowStatus {
  const base = { user: f.requested.slice(0, 256), time: iso(f.now), attributes: [] };
  if (!f.user) {
    return {
      ...base,
      result: 'UserNotFound',
      message: `the source tenant has no user with object id or UPN ${JSON.stringify(f.requested)}`.slice(
        0,
        1024,
      ),
      action: 'none',
    };
  }
  const action = mainAction(f.actions);
  const targetId = f.outcomes.find((o) => o.targetUserId)?.targetUserId ?? f.target?.id;
  const failed = f.outcomes.filter((o) => !o.ok);
  const upn = text(f.user.attributes['userPrincipalName'], 256);
  const written = writtenAttributes(f.actions);
  return {
    ...base,
    ...verdict(f, action),
    sourceUser: { id: f.user.id, ...optional('userPrincipalName', upn) },
    ...(f.scope ? { scope: scopeReport(f.scopeRules, f.scope) } : {}),
    action,
    ...optional('targetUser', targetId),
    attributes: f.attributes.slice(0, 128).map((a) => attributeReport(a, f.target, written)),
    ...(f.outcomes.length > 0
      ? {
          graph: {
            ok: failed.length === 0,
            ...optional('message', text(failed.map((o) => o.error ?? 'failed').join('; '))),
          },
        }
      : {}),
  };
}

/** The report of an on-demand provisioning that could not run (Graph unreachable, an unexpected answer). */
export function provisionNowFailed(requested: string, now: Date, message: string): ProvisionNowStatus {
  return {
    user: requested.slice(0, 256),
    time: iso(now),
    result: 'Failed',
    message: message.slice(0, 1024),
    action: 'none',
    attributes: [],
  };
}
