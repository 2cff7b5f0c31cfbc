// Connected organizations: the external tenants whose users an assignment policy may let request a package
// (`connectedOrganizationMembers`). An Azure AD tenant identity source is matched by its verified domains.
import { type GraphResult } from '../../http/errors.js';
import type { Router } from '../../http/router.js';
import type { GraphCall, GraphRoute } from '../../module.js';
import type { Props } from '../../store/types.js';
import { filterBy, listPage } from './query.js';
import { EM, READ, WRITE } from './roles.js';
import { entitlementState, invalid, isoAt, newId, objectBody, writeProperties } from './state.js';

const WRITABLE = ['displayName', 'description', 'identitySources', 'state'];
const AAD_TENANT = '#microsoft.graph.azureActiveDirectoryTenant';

function createOrganization(call: GraphCall): GraphResult {
  const body = objectBody(call.body);
  if (typeof body['displayName'] !== 'string' || body['displayName'] === '')
    throw invalid("Property 'displayName' is required.");
  const sources = body['identitySources'];
  if (!Array.isArray(sources) || sources.length === 0)
    throw invalid("Property 'identitySources' must name at least one identity source.");
  const domains: string[] = [];
  for (const source of sources as Props[]) {
    if (source['@odata.type'] !== AAD_TENANT) continue;
    const home = call.store.resolve(String(source['tenantId'] ?? ''));
    if (home) domains.push(...home.info.domains.map((d) => d.toLowerCase()));
  }
  const now = isoAt(call.store.clock.now());
  const props: Props = {
    id: newId(),
    displayName: '',
    description: null,
    identitySources: [],
    state: 'configured',
    createdDateTime: now,
    modifiedDateTime: now,
  };
  writeProperties(props, body, 'connectedOrganization', WRITABLE);
  if (props['state'] !== 'configured' && props['state'] !== 'proposed')
    throw invalid(`The value '${String(props['state'])}' is not valid for property 'state'.`);
  entitlementState(call.tenant).organizations.set(String(props['id']), { props, domains });
  return { status: 201, body: { ...props } };
}

function listOrganizations(call: GraphCall): GraphResult {
  const all = [...entitlementState(call.tenant).organizations.values()];
  const organizations = filterBy(call, all, (o) => o.props);
  return {
    status: 200,
    body: listPage(call, 'connectedOrganizations', organizations, (o) => ({ ...o.props })),
  };
}

/** Registers connected organizations (create and list). */
export function connectedOrganizationRoutes(router: Router<GraphRoute>): void {
  router
    .add('GET', `${EM}/connectedOrganizations`, { roles: READ, handle: listOrganizations })
    .add('POST', `${EM}/connectedOrganizations`, { roles: WRITE, handle: createOrganization });
}
