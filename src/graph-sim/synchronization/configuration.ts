// The configuration side of cross-tenant synchronization in the source tenant: the gallery template, its
// instantiation into an application and service principal, the service principal's synchronization
// secrets and the users and groups assigned to it (appRoleAssignedTo).
import { randomUUID } from 'node:crypto';
import { badRequest, GraphError, notFound, type GraphResult } from '../http/errors.js';
import type { Router } from '../http/router.js';
import type { GraphCall, GraphRoute } from '../module.js';
import { filterItems } from '../query/filter.js';
import { collectionPage } from '../query/query-options.js';
import type { Props } from '../store/types.js';
import { SYNC_ROLES } from './roles.js';
import { parseSecrets } from './secrets.js';
import { synchronizationState, type SimConfiguration } from './state.js';
import { CROSS_TENANT_APP_TEMPLATE_ID, crossTenantApplicationTemplate } from './template.js';

/** The configuration of the service principal in the path, or 404. */
export function requireConfiguration(call: GraphCall): SimConfiguration {
  const id = call.params['id'] as string;
  const config = synchronizationState(call.tenant).configurations.get(id);
  if (!config) throw notFound(id);
  return config;
}

function requireTemplate(call: GraphCall): void {
  if (call.params['templateId']?.toLowerCase() !== CROSS_TENANT_APP_TEMPLATE_ID)
    throw notFound(call.params['templateId'] as string);
}

function instantiate(call: GraphCall): GraphResult {
  requireTemplate(call);
  const displayName = (call.body as Props | null)?.['displayName'];
  if (typeof displayName !== 'string' || displayName.trim() === '')
    throw badRequest("Invalid value specified for property 'displayName'.");
  const now = call.tenant.clock.isoNow();
  const appId = randomUUID();
  const appRoleId = randomUUID();
  const appRoles = [
    {
      allowedMemberTypes: ['User'],
      displayName: 'msiam_access',
      id: appRoleId,
      isEnabled: true,
      description: 'msiam_access',
      value: null,
      origin: 'Application',
    },
  ];
  const application: Props = {
    id: randomUUID(),
    appId,
    applicationTemplateId: CROSS_TENANT_APP_TEMPLATE_ID,
    createdDateTime: now,
    deletedDateTime: null,
    displayName,
    signInAudience: 'AzureADMyOrg',
    appRoles,
    keyCredentials: [],
    passwordCredentials: [],
  };
  const servicePrincipal: Props = {
    id: randomUUID(),
    deletedDateTime: null,
    accountEnabled: true,
    appId,
    applicationTemplateId: CROSS_TENANT_APP_TEMPLATE_ID,
    appDisplayName: displayName,
    appOwnerOrganizationId: call.tenant.info.id,
    displayName,
    appRoleAssignmentRequired: true,
    servicePrincipalNames: [appId],
    servicePrincipalType: 'Application',
    tags: ['WindowsAzureActiveDirectoryIntegratedApp'],
    appRoles,
    keyCredentials: [],
    passwordCredentials: [],
  };
  call.tenant.apps.set(appId, {
    objectId: application['id'] as string,
    appId,
    displayName,
    secrets: [],
    certificates: [],
    roles: new Set(),
    extensionProperties: [],
  });
  synchronizationState(call.tenant).configurations.set(servicePrincipal['id'] as string, {
    application,
    servicePrincipal,
    appRoleId,
    secrets: new Map(),
    assignments: [],
    jobs: new Map(),
  });
  return {
    status: 201,
    body: {
      '@odata.context': `${call.baseUrl}/v1.0/$metadata#microsoft.graph.applicationServicePrincipal`,
      application,
      servicePrincipal,
    },
  };
}

function putSecrets(call: GraphCall): GraphResult {
  const config = requireConfiguration(call);
  config.secrets = parseSecrets((call.body as Props | null)?.['value']);
  return { status: 204 };
}

function assignmentBody(call: GraphCall, config: SimConfiguration): Props {
  const body = (call.body ?? {}) as Props;
  const principalId = String(body['principalId'] ?? '');
  const user = call.tenant.users.get(principalId);
  const group = call.tenant.groups.get(principalId);
  if (!user && !group) throw notFound(principalId);
  if (body['resourceId'] !== config.servicePrincipal['id'])
    throw badRequest('resourceId must be the service principal of the request path.');
  if (body['appRoleId'] !== config.appRoleId)
    throw new GraphError(
      400,
      'Request_BadRequest',
      'Permission being assigned was not found on application.',
    );
  if (config.assignments.some((a) => a['principalId'] === principalId && a['appRoleId'] === config.appRoleId))
    throw new GraphError(400, 'Request_BadRequest', 'Permission being assigned already exists on the object');
  return {
    id: randomUUID(),
    deletedDateTime: null,
    appRoleId: config.appRoleId,
    createdDateTime: call.tenant.clock.isoNow(),
    principalDisplayName: (user ?? group)?.props['displayName'] ?? null,
    principalId,
    principalType: user ? 'User' : 'Group',
    resourceDisplayName: config.servicePrincipal['displayName'],
    resourceId: config.servicePrincipal['id'],
  };
}

/** Registers the template, its instantiation, service principals, secrets and assignments. */
export function configurationRoutes(router: Router<GraphRoute>): void {
  const principals = (call: GraphCall) =>
    [...synchronizationState(call.tenant).configurations.values()].map((c) => c.servicePrincipal);
  router
    .add('GET', '/applicationTemplates/:templateId', {
      roles: SYNC_ROLES.readApplications,
      handle: (call) => {
        requireTemplate(call);
        return { status: 200, body: crossTenantApplicationTemplate() };
      },
    })
    .add('POST', '/applicationTemplates/:templateId/instantiate', {
      roles: SYNC_ROLES.instantiate,
      handle: instantiate,
    })
    .add('GET', '/servicePrincipals', {
      roles: SYNC_ROLES.readApplications,
      handle: (call) => ({
        status: 200,
        body: collectionPage(
          call,
          'servicePrincipals',
          filterItems(call, principals(call), (p) => p),
          (p) => p,
        ),
      }),
    })
    .add('GET', '/servicePrincipals/:id', {
      roles: SYNC_ROLES.readApplications,
      handle: (call) => ({ status: 200, body: requireConfiguration(call).servicePrincipal }),
    })
    .add('PUT', '/servicePrincipals/:id/synchronization/secrets', {
      roles: SYNC_ROLES.writeSynchronization,
      handle: putSecrets,
    })
    .add('GET', '/servicePrincipals/:id/appRoleAssignedTo', {
      roles: SYNC_ROLES.readApplications,
      handle: (call) => {
        const config = requireConfiguration(call);
        return {
          status: 200,
          body: collectionPage(call, 'appRoleAssignments', config.assignments, (a) => a),
        };
      },
    })
    .add('POST', '/servicePrincipals/:id/appRoleAssignedTo', {
      roles: SYNC_ROLES.writeAssignments,
      handle: (call) => {
        const config = requireConfiguration(call);
        const granted = call.tenant.apps.get(call.appId)?.roles;
        if (!SYNC_ROLES.readAssignmentResource.some((role) => granted?.has(role)))
          throw new GraphError(
            403,
            'Authorization_RequestDenied',
            'Insufficient privileges to complete the operation.',
          );
        const assignment = assignmentBody(call, config);
        config.assignments.push(assignment);
        return { status: 201, body: assignment };
      },
    })
    .add('DELETE', '/servicePrincipals/:id/appRoleAssignedTo/:assignmentId', {
      roles: SYNC_ROLES.writeAssignments,
      handle: (call) => {
        const config = requireConfiguration(call);
        const index = config.assignments.findIndex((a) => a['id'] === call.params['assignmentId']);
        if (index < 0) throw notFound(call.params['assignmentId'] as string);
        config.assignments.splice(index, 1);
        return { status: 204 };
      },
    });
}
