// Status, Events and the TenantLinks of a TenantRelationship: one place turns a pass into status, readiness
// and Events.
import type {
  TenantRelationship,
  TenantRelationshipSpec,
  TenantRelationshipStatus,
} from '../../api/index.js';
import { API_VERSION } from '../../api/index.js';
import { describeStep } from '../../relationships/multi-tenant-organization.js';
import type { PartnerPlan } from '../../relationships/partners.js';
import type { Condition, Readiness } from '../../kube/conditions.js';
import { findCondition, READY, setReadiness } from '../../kube/conditions.js';
import type { ObjectRef } from '../../kube/status.js';
import { updateStatus } from '../../kube/status.js';
import type { OperatorContext } from '../context.js';
import { passed, PROGRESS_MS, RESYNC_MS } from '../governance-reconcile.js';
import type { OrganizationPass } from './organization.js';
import { describePartnerPlan } from './partners.js';

/** Every TenantLink the spec names, each once. */
export function linksOf(spec: TenantRelationshipSpec): string[] {
  const organization = spec.multiTenantOrganization;
  return [
    ...new Set([
      ...spec.pairs.flatMap((p) => [p.source, p.target]),
      ...(organization ? [organization.owner, ...organization.members] : []),
    ]),
  ];
}

/** One pass: the status it found, its readiness, when to look again, and what it wrote (for an Event). */
export interface Pass {
  status: Partial<TenantRelationshipStatus>;
  readiness: Readiness;
  requeueAfterMs: number;
  wrote: string[];
  /** Declared settings someone changed in a tenant after they were in place. */
  corrected: string[];
}

/** What a pass that reached the tenants found and did: status, readiness, Events and when to look again. */
export function outcome(
  rel: TenantRelationship,
  plans: readonly PartnerPlan[],
  organization: OrganizationPass | undefined,
  dryRun: boolean,
  now: Date,
): Pass {
  const owner = rel.spec.multiTenantOrganization?.owner ?? '';
  const planned = [
    ...plans.flatMap((p) => describePartnerPlan(p) ?? []),
    ...(organization?.plan.steps.map((s) => describeStep(s, owner)) ?? []),
  ];
  const wrote = dryRun ? [] : planned;
  const drift = plans.flatMap((p) => p.drift);
  // A setting counts as changed by hand when the last pass of this generation found everything in place.
  const before = rel.status?.partners ?? [];
  const wasInSync =
    rel.status?.observedGeneration === rel.metadata.generation &&
    before.length > 0 &&
    before.every((p) => p.inSync);
  const status: Partial<TenantRelationshipStatus> = {
    partners: plans.map((p) => ({
      tenantLinkRef: p.holder,
      partnerTenantId: p.partnerTenantId,
      inSync: p.drift.length === 0,
    })),
    drift,
    ...(organization ? { multiTenantOrganization: organization.status } : {}),
    ...(wrote.length > 0 ? { lastChangeTime: now.toISOString().replace(/\.\d{3}Z$/, 'Z') } : {}),
  };
  const joining = organization?.plan.joining ?? [];
  const formed = organization ? ', multitenant organization formed' : '';
  let readiness = passed(dryRun, planned, `${plans.length} partner configurations in place${formed}`);
  // Joining is asynchronous in Entra: after taking a step, or while a join runs, the organization is not there yet.
  if (!dryRun && (joining.length > 0 || (organization?.plan.steps.length ?? 0) > 0)) {
    readiness = {
      state: 'progressing',
      reason: 'MultiTenantOrganizationJoining',
      message:
        'waiting for Entra to complete the multitenant organization (asynchronous, can take hours)' +
        (joining.length > 0 ? `: ${joining.join(', ')} joining` : `; did ${wrote.join('; ')}`),
    };
  }
  return {
    status,
    readiness,
    requeueAfterMs: wrote.length > 0 || joining.length > 0 ? PROGRESS_MS : RESYNC_MS,
    wrote,
    corrected: wasInSync ? drift : [],
  };
}

const MAX_LISTED = 20;

function listed(lines: readonly string[]): string {
  const more = lines.length > MAX_LISTED ? `; and ${lines.length - MAX_LISTED} more` : '';
  return lines.slice(0, MAX_LISTED).join('; ') + more;
}

/** Writes the pass into status, then records Events: Ready changes, settings written, drift corrected. */
export async function report(
  ctx: OperatorContext,
  ref: ObjectRef,
  rel: TenantRelationship,
  pass: Pass,
): Promise<void> {
  const now = ctx.now();
  let before: Condition | undefined;
  let after: Condition | undefined;
  await updateStatus<TenantRelationship, TenantRelationshipStatus>(ctx.clients, ref, (current) => {
    const generation = current.metadata.generation;
    before = findCondition(current.status?.conditions, READY);
    const conditions = setReadiness(current.status?.conditions, pass.readiness, generation, now);
    after = findCondition(conditions, READY);
    return { ...current.status, ...pass.status, observedGeneration: generation, conditions };
  });
  const subject = { apiVersion: API_VERSION, kind: 'TenantRelationship', metadata: rel.metadata };
  if (pass.corrected.length > 0)
    void ctx.events.event(
      subject,
      'Warning',
      'DriftCorrected',
      `changed in a tenant and set back: ${listed(pass.corrected)}`,
    );
  if (pass.wrote.length > 0) void ctx.events.event(subject, 'Normal', 'SettingsApplied', listed(pass.wrote));
  if (after && (before?.status !== after.status || before?.reason !== after.reason)) {
    const type = after.status === 'False' && after.reason !== 'Suspended' ? 'Warning' : 'Normal';
    void ctx.events.event(subject, type, after.reason, after.message);
  }
}
