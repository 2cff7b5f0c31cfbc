import { notFound, type GraphResult } from '../http/errors.js';
import type { Router } from '../http/router.js';
import type { GraphCall, GraphRoute } from '../module.js';
import { project, selectedProperties } from '../query/query-options.js';
import type { TenantState } from '../store/tenant.js';
import type { Props } from '../store/types.js';
import { ROLES } from './roles.js';

/** The organization resource of a tenant. */
export function organizationOf(tenant: TenantState): Props {
  const { info } = tenant;
  const domains = [...new Set([...info.domains, info.initialDomain])];
  return {
    id: info.id,
    displayName: info.displayName,
    tenantType: 'AAD',
    countryLetterCode: 'US',
    preferredLanguage: 'en',
    createdDateTime: '2020-01-01T00:00:00Z',
    verifiedDomains: domains.map((name) => ({
      name,
      type: 'Managed',
      capabilities: 'Email, OfficeCommunicationsOnlineIdentity',
      isDefault: name === info.defaultDomain,
      isInitial: name === info.initialDomain,
    })),
  };
}

function render(call: GraphCall): Props {
  const org = organizationOf(call.tenant);
  const select = selectedProperties(call.query, 'organization', (name) => name in org);
  return select ? project(org, select) : org;
}

function list(call: GraphCall): GraphResult {
  return {
    status: 200,
    body: { '@odata.context': `${call.baseUrl}/v1.0/$metadata#organization`, value: [render(call)] },
  };
}

function get(call: GraphCall): GraphResult {
  if (call.params['id'] !== call.tenant.info.id) throw notFound(call.params['id'] as string);
  return { status: 200, body: render(call) };
}

/** Registers /organization. */
export function organizationRoutes(router: Router<GraphRoute>): void {
  router
    .add('GET', '/organization', { roles: ROLES.readOrganization, handle: list })
    .add('GET', '/organization/:id', { roles: ROLES.readOrganization, handle: get });
}
