// The TenantLinks of a TenantRelationship, and what a pass that reached the tenants reports: status,
// readiness, Events and when to look again.
import type {
  TenantRelationship,
  TenantRelationshipSpec,
  TenantRelationshipStatus,
} from '../../api/index.js';
import { describeStep } from '../../relationships/multi-tenant-organization.js';
import type { PartnerPlan } from '../../relationships/partners.js';
import { passed, PROGRESS_MS, RESYNC_MS } from '../governance/template.js';
import type { Pass } from '../shared/reconcile.js';
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

/** One pass over a TenantRelationship, as the shared reconcile reports it. */
export type RelationshipPass = Pass<'TenantRelationship', TenantRelationshipStatus>;

/** What a pass that reached the tenants found and did: status, readiness, Events and when to look again. */
export function outcome(
  rel: TenantRelationship,
  plans: readonly PartnerPlan[],
  organization: OrganizationPass | undefined,
  dryRun: boolean,
  now: Date,
): RelationshipPass {
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
  let readiness: RelationshipPass['readiness'] = passed(
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
  // DryRun sets nothing back: its drift is only listed in status.drift.
  const corrected = wasInSync && !dryRun ? drift : [];
  return {
    readiness,
    fields: (current) => ({ ...current, ...status }),
    events: [
      ...(corrected.length > 0
        ? [
            {
              type: 'Warning' as const,
              reason: 'DriftCorrected' as const,
              message: `changed in a tenant and set back: ${listed(corrected)}`,
            },
          ]
        : []),
      ...(wrote.length > 0
        ? [{ type: 'Normal' as const, reason: 'SettingsApplied' as const, message: listed(wrote) }]
        : []),
    ],
    requeueAfterMs: wrote.length > 0 || joining.length > 0 ? PROGRESS_MS : RESYNC_MS,
  };
}

const MAX_LISTED = 20;

function listed(lines: readonly string[]): string {
  const more = lines.length > MAX_LISTED ? `; and ${lines.length - MAX_LISTED} more` : '';
  return lines.slice(0, MAX_LISTED).join('; ') + more;
}
