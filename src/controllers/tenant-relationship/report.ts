// Status, Events and the TenantLinks of a TenantRelationship: one place turns a pass into status, readiness
// and Events.
import type { Logger } from 'winston';
import type {
  TenantRelationship,
  TenantRelationshipSpec,
  TenantRelationshipStatus,
} from '../../api/index.js';
import type { ReadyReason } from '../../api/index.js';
import { RESOURCES } from '../../api/index.js';
import { describeStep } from '../../relationships/multi-tenant-organization.js';
import type { PartnerPlan } from '../../relationships/partners.js';
import type { Readiness } from '../../kube/conditions.js';
import type { ReportEvent } from '../../kube/report.js';
import { report } from '../../kube/report.js';
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
  readiness: Readiness<ReadyReason<'TenantRelationship'>>;
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
  let readiness: Pass['readiness'] = passed(
    dryRun,
    planned,
    `${plans.length} partner configurations in place${formed}`,
  );
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

/** Writes the pass into status, then records Events: settings written, drift corrected, Ready changes. */
export async function reportPass(
  ctx: OperatorContext,
  rel: TenantRelationship,
  pass: Pass,
  log: Logger,
): Promise<void> {
  const events: ReportEvent<'TenantRelationship'>[] = [];
  if (pass.corrected.length > 0)
    events.push({
      type: 'Warning',
      reason: 'DriftCorrected',
      message: `changed in a tenant and set back: ${listed(pass.corrected)}`,
    });
  if (pass.wrote.length > 0)
    events.push({ type: 'Normal', reason: 'SettingsApplied', message: listed(pass.wrote) });
  await report({ ...ctx, log, now: ctx.now() }, RESOURCES.TenantRelationship, rel, {
    readiness: pass.readiness,
    fields: (current) => ({ ...current, ...pass.status }),
    events,
  });
}
