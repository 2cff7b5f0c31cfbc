// /tenantRelationships/multiTenantOrganization: created in an owner tenant, which adds tenants as pending
// members; each joins through its join request, which Entra completes asynchronously.
import { randomUUID } from 'node:crypto';
import { badRequest, GraphError, notFound, type GraphResult } from '../http/errors.js';
import type { Router } from '../http/router.js';
import type { GraphCall, GraphRoute } from '../module.js';
import type { SimStore } from '../store/store.js';
import type { TenantState } from '../store/tenant.js';
import type { Props } from '../store/types.js';
import { POLICY_ROLES } from './roles.js';
import { policyState } from './state.js';

const BASE = '/tenantRelationships/multiTenantOrganization';

/** How long the simulator takes to complete a join (Entra documents up to hours; the clock can be advanced). */
export const JOIN_DELAY_MS = 5_000;

function bodyOf(call: GraphCall): Props {
  const body = call.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badRequest('Empty Payload. JSON content expected.', 'BadRequest');
  return body as Props;
}

function ownerOf(store: SimStore, tenant: TenantState): TenantState | undefined {
  const mto = policyState(tenant).mto;
  if (!mto.organization) return undefined;
  if (mto.tenants.size > 0) return tenant;
  return store.resolve(mto.joinRequest['addedByTenantId'] as string);
}

/** Completes the joins whose time has come, in every tenant. */
export function settleJoins(store: SimStore): void {
  const now = store.clock.now();
  for (const tenant of store.tenants.values()) {
    const mto = policyState(tenant).mto;
    if (mto.joinRequestedMs === undefined || now - mto.joinRequestedMs < JOIN_DELAY_MS) continue;
    delete mto.joinRequestedMs;
    const owner = store.resolve(mto.joinRequest['addedByTenantId'] as string);
    const organization = owner && policyState(owner).mto.organization;
    const member = owner && policyState(owner).mto.tenants.get(tenant.info.id.toLowerCase());
    if (!organization || !member || member['state'] !== 'pending') {
      mto.joinRequest['transitionDetails'] = {
        desiredMemberState: 'active',
        status: 'failed',
        details: 'The tenant was not added to the multitenant organization by the tenant it names.',
      };
      continue;
    }
    Object.assign(member, {
      state: 'active',
      joinedDateTime: tenant.clock.isoNow(),
      transitionDetails: null,
    });
    Object.assign(mto.joinRequest, { memberState: 'active', role: member['role'], transitionDetails: null });
    // Each tenant keeps its own object for the organization, with an id of its own.
    mto.organization = { ...organization, id: randomUUID() };
  }
}

function settled(handle: (call: GraphCall) => GraphResult): (call: GraphCall) => GraphResult {
  return (call) => {
    settleJoins(call.store);
    return handle(call);
  };
}

function getOrganization(call: GraphCall): GraphResult {
  // Graph's example for a tenant in no organization carries no id.
  const organization = policyState(call.tenant).mto.organization ?? {
    createdDateTime: null,
    displayName: null,
    description: null,
    state: 'inactive',
  };
  return {
    status: 200,
    body: {
      '@odata.context': `${call.baseUrl}/v1.0/$metadata#tenantRelationships/multiTenantOrganization/$entity`,
      ...organization,
    },
  };
}

function createOrganization(call: GraphCall): GraphResult {
  const mto = policyState(call.tenant).mto;
  if (mto.organization) throw badRequest('The tenant is already part of a multitenant organization.');
  const body = bodyOf(call);
  if (typeof body['displayName'] !== 'string') throw badRequest("The property 'displayName' is required.");
  const now = call.tenant.clock.isoNow();
  mto.organization = {
    id: randomUUID(),
    createdDateTime: now,
    displayName: body['displayName'],
    description: (body['description'] as string | undefined) ?? null,
    state: 'active',
  };
  const id = call.tenant.info.id;
  mto.tenants.set(id.toLowerCase(), {
    tenantId: id,
    displayName: call.tenant.info.displayName,
    addedByTenantId: id,
    addedDateTime: now,
    joinedDateTime: now,
    role: 'owner',
    state: 'active',
    transitionDetails: null,
  });
  return { ...getOrganization(call), status: 201 };
}

/** The owner tenant, for calls only an owner may make. */
function asOwner(call: GraphCall): Props {
  const mto = policyState(call.tenant).mto;
  if (!mto.organization || mto.tenants.size === 0)
    throw new GraphError(
      403,
      'Authorization_RequestDenied',
      'Only an owner tenant can manage the multitenant organization.',
    );
  return mto.organization;
}

function updateOrganization(call: GraphCall): GraphResult {
  const organization = asOwner(call);
  for (const [name, value] of Object.entries(bodyOf(call))) {
    if (name !== 'displayName' && name !== 'description')
      throw badRequest(`Property '${name}' does not exist or cannot be updated.`);
    organization[name] = value;
  }
  return { status: 204 };
}

function listTenants(call: GraphCall): GraphResult {
  const owner = ownerOf(call.store, call.tenant);
  const tenants = owner ? [...policyState(owner).mto.tenants.values()] : [];
  return {
    status: 200,
    body: {
      '@odata.context': `${call.baseUrl}/v1.0/$metadata#tenantRelationships/multiTenantOrganization/tenants`,
      value: tenants.map((t) => structuredClone(t)),
    },
  };
}

function addTenant(call: GraphCall): GraphResult {
  asOwner(call);
  const body = bodyOf(call);
  const tenantId = body['tenantId'];
  if (typeof tenantId !== 'string' || tenantId === '')
    throw badRequest("The property 'tenantId' is required.");
  const tenants = policyState(call.tenant).mto.tenants;
  if (tenants.has(tenantId.toLowerCase()))
    throw new GraphError(409, 'Conflict', `Tenant '${tenantId}' is already in the multitenant organization.`);
  const role = (body['role'] as string | undefined) ?? 'member';
  const member: Props = {
    tenantId,
    displayName: (body['displayName'] as string | undefined) ?? null,
    addedByTenantId: call.tenant.info.id,
    addedDateTime: call.tenant.clock.isoNow(),
    joinedDateTime: null,
    role,
    state: 'pending',
    transitionDetails: { desiredState: 'active', desiredRole: role, status: 'notStarted', details: null },
  };
  tenants.set(tenantId.toLowerCase(), member);
  return {
    status: 201,
    body: {
      '@odata.context': `${call.baseUrl}/v1.0/$metadata#tenantRelationships/multiTenantOrganization/tenants/$entity`,
      ...member,
    },
  };
}

function join(call: GraphCall): GraphResult {
  const addedBy = bodyOf(call)['addedByTenantId'];
  if (typeof addedBy !== 'string') throw badRequest("The property 'addedByTenantId' is required.");
  const mto = policyState(call.tenant).mto;
  mto.joinRequest = {
    addedByTenantId: addedBy,
    memberState: 'pending',
    role: 'member',
    transitionDetails: { desiredMemberState: 'active', status: 'notStarted', details: null },
  };
  mto.joinRequestedMs = call.tenant.clock.now();
  return { status: 204 };
}

/** Registers the multitenant organization routes. */
export function multiTenantOrganizationRoutes(router: Router<GraphRoute>): void {
  const read = POLICY_ROLES.readOrganization;
  const write = POLICY_ROLES.writeOrganization;
  router
    .add('GET', BASE, { roles: read, handle: settled(getOrganization) })
    .add('PUT', BASE, { roles: write, handle: settled(createOrganization) })
    .add('PATCH', BASE, { roles: write, handle: settled(updateOrganization) })
    .add('GET', `${BASE}/tenants`, { roles: read, handle: settled(listTenants) })
    .add('POST', `${BASE}/tenants`, { roles: write, handle: settled(addTenant) })
    .add('GET', `${BASE}/tenants/:tenantId`, {
      roles: read,
      handle: settled((call) => {
        const owner = ownerOf(call.store, call.tenant);
        const member =
          owner && policyState(owner).mto.tenants.get((call.params['tenantId'] as string).toLowerCase());
        if (!member) throw notFound(call.params['tenantId'] as string);
        return { status: 200, body: structuredClone(member) };
      }),
    })
    .add('GET', `${BASE}/joinRequest`, {
      roles: read,
      handle: settled((call) => ({
        status: 200,
        body: {
          '@odata.context': `${call.baseUrl}/v1.0/$metadata#tenantRelationships/multiTenantOrganization/joinRequest/$entity`,
          id: call.tenant.info.id,
          ...policyState(call.tenant).mto.joinRequest,
        },
      })),
    })
    .add('PATCH', `${BASE}/joinRequest`, { roles: write, handle: settled(join) });
}
