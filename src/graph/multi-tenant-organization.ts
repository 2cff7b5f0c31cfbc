// The multitenant organization (Graph v1.0, global cloud only): created in an owner tenant, which adds the
// other tenants; each of them then joins through its join request. Joining completes asynchronously.
import type { GraphClient } from './client.js';
import { readAll } from './paging.js';

const MTO = '/tenantRelationships/multiTenantOrganization';

/** multiTenantOrganization: `state` is active once created, inactive in a tenant that has none. */
export interface MultiTenantOrganization {
  id?: string;
  displayName?: string | null;
  description?: string | null;
  state?: 'active' | 'inactive' | string | null;
}

/** The progress of an asynchronous change of a tenant's membership. */
export interface MembershipTransition {
  desiredState?: string | null;
  desiredMemberState?: string | null;
  desiredRole?: string | null;
  status?: 'notStarted' | 'running' | 'succeeded' | 'failed' | string | null;
  details?: string | null;
}

/** multiTenantOrganizationMember, as the owner lists it. */
export interface MultiTenantOrganizationMember {
  tenantId: string;
  displayName?: string | null;
  role?: 'owner' | 'member' | string | null;
  state?: 'pending' | 'active' | 'removed' | string | null;
  addedByTenantId?: string | null;
  transitionDetails?: MembershipTransition | null;
}

/** multiTenantOrganizationJoinRequestRecord of one tenant. */
export interface JoinRequest {
  addedByTenantId?: string | null;
  memberState?: 'pending' | 'active' | 'removed' | string | null;
  role?: string | null;
  transitionDetails?: MembershipTransition | null;
}

/** `GET /tenantRelationships/multiTenantOrganization`; MultiTenantOrganization.Read.All. */
export function getMultiTenantOrganization(client: GraphClient): Promise<MultiTenantOrganization> {
  return client.get<MultiTenantOrganization>(MTO);
}

/** `PUT /tenantRelationships/multiTenantOrganization` creates it; MultiTenantOrganization.ReadWrite.All. */
export async function createMultiTenantOrganization(
  client: GraphClient,
  body: { displayName: string; description?: string },
): Promise<void> {
  await client.send('PUT', MTO, body);
}

/** `PATCH /tenantRelationships/multiTenantOrganization`; MultiTenantOrganization.ReadWrite.All. */
export async function updateMultiTenantOrganization(
  client: GraphClient,
  changes: { displayName?: string; description?: string },
): Promise<void> {
  await client.send('PATCH', MTO, changes);
}

/** `GET .../multiTenantOrganization/tenants` (owner view); MultiTenantOrganization.Read.All. */
export function listMultiTenantOrganizationTenants(
  client: GraphClient,
): Promise<MultiTenantOrganizationMember[]> {
  return readAll<MultiTenantOrganizationMember>(client, `${MTO}/tenants`);
}

/** `POST .../multiTenantOrganization/tenants` adds a tenant as a pending member; MultiTenantOrganization.ReadWrite.All. */
export async function addMultiTenantOrganizationTenant(
  client: GraphClient,
  body: { tenantId: string; displayName?: string },
): Promise<void> {
  await client.send('POST', `${MTO}/tenants`, body);
}

/** `GET .../multiTenantOrganization/joinRequest`; MultiTenantOrganization.Read.All. */
export function getJoinRequest(client: GraphClient): Promise<JoinRequest> {
  return client.get<JoinRequest>(`${MTO}/joinRequest`);
}

/** `PATCH .../multiTenantOrganization/joinRequest` joins the owner's organization; MultiTenantOrganization.ReadWrite.All. */
export async function joinMultiTenantOrganization(client: GraphClient, ownerTenantId: string): Promise<void> {
  await client.send('PATCH', `${MTO}/joinRequest`, { addedByTenantId: ownerTenantId });
}
