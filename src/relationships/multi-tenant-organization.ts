// The steps that form a declared multitenant organization, from what the owner and each member report.
import type { JoinRequest, MultiTenantOrganization, MultiTenantOrganizationMember } from '../graph/index.js';

/** A tenant of the organization: its TenantLink name and tenant id. */
export interface OrganizationTenant {
  link: string;
  tenantId: string;
}

/** The organization as declared, with TenantLinks resolved to tenant ids. */
export interface DesiredOrganization {
  displayName: string;
  description?: string;
  owner: OrganizationTenant;
  members: OrganizationTenant[];
}

/** What the tenants report: the owner's organization and tenants, each member's join request. */
export interface ObservedOrganization {
  organization: MultiTenantOrganization;
  tenants: MultiTenantOrganizationMember[];
  joinRequests: Map<string, JoinRequest>;
}

/** One write, in the order they must happen. */
export type OrganizationStep =
  | { kind: 'create'; body: { displayName: string; description?: string } }
  | { kind: 'update'; changes: { displayName?: string; description?: string } }
  | { kind: 'add'; member: OrganizationTenant }
  | { kind: 'join'; member: OrganizationTenant };

/** The steps to take and the members still joining. */
export interface OrganizationPlan {
  steps: OrganizationStep[];
  /** Members whose join Entra is still completing (asynchronous, up to hours). */
  joining: string[];
}

// Entra processes a join asynchronously; while it runs, sending it again would only restart it.
const IN_PROGRESS = new Set(['notStarted', 'running']);

/** Compares the declared organization with what the tenants report. */
export function planOrganization(
  desired: DesiredOrganization,
  observed: ObservedOrganization,
): OrganizationPlan {
  const steps: OrganizationStep[] = [];
  const joining: string[] = [];
  const org = observed.organization;
  const exists = org.state === 'active';
  if (!exists) {
    const body = {
      displayName: desired.displayName,
      ...(desired.description ? { description: desired.description } : {}),
    };
    steps.push({ kind: 'create', body });
  } else {
    const changes: { displayName?: string; description?: string } = {};
    if (org.displayName !== desired.displayName) changes.displayName = desired.displayName;
    if (desired.description !== undefined && (org.description ?? '') !== desired.description)
      changes.description = desired.description;
    if (Object.keys(changes).length > 0) steps.push({ kind: 'update', changes });
  }
  for (const member of desired.members) {
    const listed = exists ? observed.tenants.find((t) => sameId(t.tenantId, member.tenantId)) : undefined;
    if (!listed || listed.state === 'removed') steps.push({ kind: 'add', member });
    const request = observed.joinRequests.get(member.link);
    const byOwner = sameId(request?.addedByTenantId ?? '', desired.owner.tenantId);
    if (byOwner && request?.memberState === 'active') continue;
    if (byOwner && IN_PROGRESS.has(request?.transitionDetails?.status ?? '')) {
      joining.push(member.link);
      continue;
    }
    steps.push({ kind: 'join', member });
  }
  return { steps, joining };
}

/** A line per step, for the Ready message and Events. */
export function describeStep(step: OrganizationStep, owner: string): string {
  switch (step.kind) {
    case 'create':
      return `create multitenant organization "${step.body.displayName}" in ${owner}`;
    case 'update':
      return `update multitenant organization ${Object.keys(step.changes).join(', ')} in ${owner}`;
    case 'add':
      return `add ${step.member.link} to the multitenant organization`;
    case 'join':
      return `join ${step.member.link} to the multitenant organization of ${owner}`;
  }
}

function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
