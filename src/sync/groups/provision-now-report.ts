// The report of provision-group-now (status.provisionGroupNow), from what the runner found, planned and wrote.
import type { ProvisionGroupNowStatus } from '../../api/provision-now.js';
import { attributeReport, iso, optional, text } from '../provision-now-report.js';
import type { GroupOutcome } from './apply.js';
import type { GroupAction } from './plan.js';
import type { GroupOnDemandPlan, GroupScopeDecision } from './provision-now-plan.js';
import type { GroupRecord } from './records.js';

const REPORTED = 50;

/** What one provision-group-now request found and did, as plain data. */
export interface GroupOnDemandFacts {
  /** The annotation value. */
  requested: string;
  now: Date;
  dryRun: boolean;
  /** The source group; absent when the source has no such group. */
  source?: GroupRecord;
  scope?: GroupScopeDecision;
  /** The target group anchored to it, before any write. */
  target?: GroupRecord;
  /** Direct members of the source group, of every type. */
  direct?: number;
  plan?: GroupOnDemandPlan;
  /** Outcomes of the writes; empty in DryRun or when nothing was to do. */
  outcomes: readonly GroupOutcome[];
}

type Result = Pick<ProvisionGroupNowStatus, 'result' | 'message'>;

function mainAction(actions: readonly GroupAction[]): ProvisionGroupNowStatus['action'] {
  if (actions.some((a) => a.kind === 'create')) return 'create';
  return actions.length > 0 ? 'update' : 'none';
}

function writeLabel(a: GroupAction): string {
  return a.kind === 'addMember' || a.kind === 'removeMember' ? `${a.kind} ${a.memberId}` : a.kind;
}

/** The target object ids the plan adds as members (a new group's included) and removes. */
function memberChanges(plan: GroupOnDemandPlan): { added: string[]; removed: string[] } {
  return {
    added: plan.actions.flatMap((a) =>
      a.kind === 'create' ? a.members : a.kind === 'addMember' ? [a.memberId] : [],
    ),
    removed: plan.actions.flatMap((a) => (a.kind === 'removeMember' ? [a.memberId] : [])),
  };
}

function membersReport(
  plan: GroupOnDemandPlan,
  direct: number,
): NonNullable<ProvisionGroupNowStatus['members']> {
  const { added, removed } = memberChanges(plan);
  return {
    direct,
    desired: plan.desired,
    added: added.slice(0, REPORTED),
    addedCount: added.length,
    removed: removed.slice(0, REPORTED),
    removedCount: removed.length,
    skipped: plan.skipped.slice(0, REPORTED),
    skippedCount: plan.skipped.length,
  };
}

function graphReport(outcomes: readonly GroupOutcome[]): NonNullable<ProvisionGroupNowStatus['graph']> {
  const failed = outcomes.filter((o) => !o.ok);
  const ordered = [...failed, ...outcomes.filter((o) => o.ok)];
  return {
    ok: failed.length === 0,
    writes: outcomes.length,
    failed: failed.length,
    results: ordered.slice(0, REPORTED).map((o) => ({
      write: writeLabel(o.action).slice(0, 128),
      ok: o.ok,
      ...optional('error', text(o.error)),
    })),
  };
}

function verdict(f: GroupOnDemandFacts, action: ProvisionGroupNowStatus['action']): Result {
  const plan = f.plan;
  if (!f.source)
    return {
      result: 'GroupNotFound',
      message: `the source tenant has no group with object id ${JSON.stringify(f.requested)}`.slice(0, 1024),
    };
  if (!f.scope?.inScope || !plan) {
    const refused = f.scope?.reason !== 'NotInGroupSync';
    return {
      result: refused ? 'GroupNotSupported' : 'NotInScope',
      message: `not provisioned: ${f.scope?.message ?? 'out of scope'}`.slice(0, 1024),
    };
  }
  if (plan.failure !== undefined) return { result: 'Failed', message: `mapping failed: ${plan.failure}` };
  const failed = f.outcomes.filter((o) => !o.ok);
  if (failed.length > 0)
    return {
      result: 'Failed',
      message: `${failed.length} of ${f.outcomes.length} writes failed: ${failed[0]?.error ?? 'failed'}`,
    };
  const { added, removed } = memberChanges(plan);
  const changes = `${added.length} added, ${removed.length} removed, ${plan.skipped.length} left out`;
  if (action === 'none') return { result: 'Succeeded', message: `nothing to do (members: ${changes})` };
  if (f.dryRun)
    return {
      result: 'DryRun',
      message: `DryRun: would ${action} the group (members: ${changes}); nothing written`,
    };
  return { result: 'Succeeded', message: `${action} done (members: ${changes})` };
}

/** Builds `status.provisionGroupNow`; lists are bounded, counts are whole. */
export function groupOnDemandReport(f: GroupOnDemandFacts): ProvisionGroupNowStatus {
  const actions = f.plan?.actions ?? [];
  const action = mainAction(actions);
  const created = f.outcomes.find((o) => o.targetGroupId !== undefined)?.targetGroupId;
  const targetGroup = created ?? f.target?.id;
  const written = new Set(
    actions.flatMap((a) =>
      a.kind === 'create' ? Object.keys(a.attributes) : a.kind === 'update' ? Object.keys(a.changes) : [],
    ),
  );
  return {
    group: f.requested.slice(0, 256),
    time: iso(f.now),
    ...verdict(f, action),
    ...(f.source
      ? {
          sourceGroup: {
            id: f.source.id,
            ...optional('displayName', text(f.source.attributes['displayName'], 256)),
          },
        }
      : {}),
    ...(f.scope ? { scope: { ...f.scope, message: f.scope.message.slice(0, 1024) } } : {}),
    action,
    ...optional('targetGroup', targetGroup),
    attributes: (f.plan?.attributes ?? []).slice(0, 32).map((a) => attributeReport(a, f.target, written)),
    ...(f.plan ? { members: membersReport(f.plan, f.direct ?? 0) } : {}),
    ...(f.outcomes.length > 0 ? { graph: graphReport(f.outcomes) } : {}),
  };
}

/** The report of a request that could not run (Graph unreachable, an unexpected answer). */
export function groupOnDemandFailed(requested: string, now: Date, message: string): ProvisionGroupNowStatus {
  return {
    group: requested.slice(0, 256),
    time: iso(now),
    result: 'Failed',
    message: message.slice(0, 1024),
    action: 'none',
    attributes: [],
  };
}
