// Reads, plans and forms the multitenant organization a TenantRelationship declares.
import type { TenantRelationshipSpec, TenantRelationshipStatus } from '../../api/index.js';
import type { JoinRequest } from '../../graph/index.js';
import {
  addMultiTenantOrganizationTenant,
  createMultiTenantOrganization,
  getJoinRequest,
  getMultiTenantOrganization,
  joinMultiTenantOrganization,
  listMultiTenantOrganizationTenants,
  updateMultiTenantOrganization,
} from '../../graph/index.js';
import type {
  DesiredOrganization,
  OrganizationPlan,
  OrganizationStep,
} from '../../relationships/multi-tenant-organization.js';
import { planOrganization } from '../../relationships/multi-tenant-organization.js';
import type { TenantConnection } from '../shared/tenant-clients.js';
import { linkOf } from './connections.js';

type Declared = NonNullable<TenantRelationshipSpec['multiTenantOrganization']>;

/** The plan, and the organization as the owner reported it before this pass wrote anything. */
export interface OrganizationPass {
  plan: OrganizationPlan;
  status: NonNullable<TenantRelationshipStatus['multiTenantOrganization']>;
}

/** Plans the organization and, unless `dryRun`, takes the steps in order. */
export async function reconcileOrganization(
  links: Map<string, TenantConnection>,
  declared: Declared,
  dryRun: boolean,
): Promise<OrganizationPass> {
  const owner = linkOf(links, declared.owner);
  const desired: DesiredOrganization = {
    displayName: declared.displayName,
    ...(declared.description !== undefined ? { description: declared.description } : {}),
    owner: { link: declared.owner, tenantId: owner.tenantId },
    members: declared.members.map((link) => ({ link, tenantId: linkOf(links, link).tenantId })),
  };
  const organization = await getMultiTenantOrganization(owner.client);
  const tenants =
    organization.state === 'active' ? await listMultiTenantOrganizationTenants(owner.client) : [];
  const joinRequests = new Map<string, JoinRequest>();
  for (const member of declared.members)
    joinRequests.set(member, await getJoinRequest(linkOf(links, member).client));
  const plan = planOrganization(desired, { organization, tenants, joinRequests });
  if (!dryRun) for (const step of plan.steps) await take(links, owner, step);
  const byTenant = new Map(desired.members.map((m) => [m.tenantId.toLowerCase(), m.link]));
  byTenant.set(owner.tenantId.toLowerCase(), declared.owner);
  return {
    plan,
    status: {
      state: organization.state ?? 'inactive',
      tenants: tenants.flatMap((t) => {
        const link = byTenant.get(t.tenantId.toLowerCase());
        return link
          ? [{ tenantLinkRef: link, tenantId: t.tenantId, role: t.role ?? '', state: t.state ?? '' }]
          : [];
      }),
    },
  };
}

async function take(
  links: Map<string, TenantConnection>,
  owner: TenantConnection,
  step: OrganizationStep,
): Promise<void> {
  switch (step.kind) {
    case 'create':
      return createMultiTenantOrganization(owner.client, step.body);
    case 'update':
      return updateMultiTenantOrganization(owner.client, step.changes);
    case 'add': {
      const member = linkOf(links, step.member.link);
      const displayName = member.link.status?.tenantDisplayName;
      return addMultiTenantOrganizationTenant(owner.client, {
        tenantId: step.member.tenantId,
        ...(displayName ? { displayName } : {}),
      });
    }
    case 'join':
      return joinMultiTenantOrganization(linkOf(links, step.member.link).client, owner.tenantId);
  }
}
