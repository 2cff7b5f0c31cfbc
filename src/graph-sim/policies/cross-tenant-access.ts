// /policies/crossTenantAccessPolicy: the default configuration, partner configurations and their identity
// synchronization policies, with Graph's documented shapes and write rules.
import { badRequest, GraphError, notFound, type GraphResult } from '../http/errors.js';
import type { Router } from '../http/router.js';
import type { GraphCall, GraphRoute } from '../module.js';
import type { Props } from '../store/types.js';
import { emptyPartner, policyState, SETTINGS } from './state.js';
import { POLICY_ROLES } from './roles.js';

const BASE = '/policies/crossTenantAccessPolicy';

function bodyOf(call: GraphCall): Props {
  const body = call.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badRequest('Empty Payload. JSON content expected.', 'BadRequest');
  return body as Props;
}

/** Copies the allowed properties of a write; a complex property is replaced whole, as a PATCH does in Graph. */
function applySettings(target: Props, body: Props, allowed: readonly string[]): void {
  for (const [name, value] of Object.entries(body)) {
    if (name.startsWith('@odata.')) continue;
    if (!allowed.includes(name))
      throw badRequest(`Property '${name}' does not exist or cannot be updated.`, 'BadRequest');
    target[name] = structuredClone(value);
  }
}

function partnerKey(call: GraphCall): string {
  return (call.params['tenantId'] as string).toLowerCase();
}

function partnerOf(call: GraphCall): Props {
  const partner = policyState(call.tenant).partners.get(partnerKey(call));
  if (!partner) throw notFound(call.params['tenantId'] as string);
  return partner;
}

function entity(call: GraphCall, set: string, value: Props): GraphResult {
  return {
    status: 200,
    body: { '@odata.context': `${call.baseUrl}/v1.0/$metadata#${set}/$entity`, ...structuredClone(value) },
  };
}

const NO_CONTENT: GraphResult = { status: 204 };

function patchDefault(call: GraphCall): GraphResult {
  const body = bodyOf(call);
  // Graph documents the default's automatic redemption as always false and read-only.
  if ('automaticUserConsentSettings' in body)
    throw badRequest("Property 'automaticUserConsentSettings' is read-only on the default configuration.");
  const state = policyState(call.tenant);
  applySettings(state.defaults, body, SETTINGS);
  state.defaults['isServiceDefault'] = false;
  return NO_CONTENT;
}

function createPartner(call: GraphCall): GraphResult {
  const body = bodyOf(call);
  const tenantId = body['tenantId'];
  if (typeof tenantId !== 'string' || tenantId === '')
    throw badRequest("The property 'tenantId' is required.", 'BadRequest');
  const state = policyState(call.tenant);
  if (state.partners.has(tenantId.toLowerCase()))
    throw new GraphError(409, 'Conflict', `A partner configuration for tenant '${tenantId}' already exists.`);
  const partner = emptyPartner(tenantId);
  const { tenantId: _id, ...settings } = body;
  applySettings(partner, settings, [...SETTINGS, 'isServiceProvider']);
  state.partners.set(tenantId.toLowerCase(), partner);
  return { ...entity(call, 'policies/crossTenantAccessPolicy/partners', partner), status: 201 };
}

function listPartners(call: GraphCall): GraphResult {
  return {
    status: 200,
    body: {
      '@odata.context': `${call.baseUrl}/v1.0/$metadata#policies/crossTenantAccessPolicy/partners`,
      value: [...policyState(call.tenant).partners.values()].map((p) => structuredClone(p)),
    },
  };
}

function deletePartner(call: GraphCall): GraphResult {
  partnerOf(call);
  const state = policyState(call.tenant);
  // Graph's delete page: a configuration holding a user synchronization policy cannot be deleted before it.
  if (state.identitySync.has(partnerKey(call)))
    throw badRequest('Delete the user synchronization policy of the partner configuration first.');
  state.partners.delete(partnerKey(call));
  return NO_CONTENT;
}

function syncPolicyOf(call: GraphCall): Props {
  partnerOf(call);
  const policy = policyState(call.tenant).identitySync.get(partnerKey(call));
  if (!policy) throw notFound(call.params['tenantId'] as string);
  return policy;
}

function putSyncPolicy(call: GraphCall): GraphResult {
  const partner = partnerOf(call);
  const policy: Props = { tenantId: partner['tenantId'], displayName: null, userSyncInbound: null };
  applySettings(policy, bodyOf(call), ['displayName', 'userSyncInbound']);
  policyState(call.tenant).identitySync.set(partnerKey(call), policy);
  return NO_CONTENT;
}

/** Registers the cross-tenant access policy routes. */
export function crossTenantAccessRoutes(router: Router<GraphRoute>): void {
  const read = POLICY_ROLES.readCrossTenantAccess;
  const write = POLICY_ROLES.writeCrossTenantAccess;
  const sync = `${BASE}/partners/:tenantId/identitySynchronization`;
  router
    .add('GET', `${BASE}/default`, {
      roles: read,
      handle: (call) =>
        entity(call, 'policies/crossTenantAccessPolicy/default', policyState(call.tenant).defaults),
    })
    .add('PATCH', `${BASE}/default`, { roles: write, handle: patchDefault })
    .add('GET', `${BASE}/partners`, { roles: read, handle: listPartners })
    .add('POST', `${BASE}/partners`, { roles: write, handle: createPartner })
    .add('GET', `${BASE}/partners/:tenantId`, {
      roles: read,
      handle: (call) => entity(call, 'policies/crossTenantAccessPolicy/partners', partnerOf(call)),
    })
    .add('PATCH', `${BASE}/partners/:tenantId`, {
      roles: write,
      handle: (call) => {
        applySettings(partnerOf(call), bodyOf(call), [...SETTINGS, 'isServiceProvider']);
        return NO_CONTENT;
      },
    })
    .add('DELETE', `${BASE}/partners/:tenantId`, { roles: write, handle: deletePartner })
    .add('GET', sync, {
      roles: read,
      handle: (call) =>
        entity(call, 'policies/crossTenantAccessPolicy/partners/identitySynchronization', syncPolicyOf(call)),
    })
    .add('PUT', sync, { roles: write, handle: putSyncPolicy })
    .add('PATCH', sync, {
      roles: write,
      handle: (call) => {
        applySettings(syncPolicyOf(call), bodyOf(call), ['displayName', 'userSyncInbound']);
        return NO_CONTENT;
      },
    })
    .add('DELETE', sync, {
      roles: write,
      handle: (call) => {
        syncPolicyOf(call);
        policyState(call.tenant).identitySync.delete(partnerKey(call));
        return NO_CONTENT;
      },
    });
}
