import { badRequest, notFound, type GraphResult } from '../http/errors.js';
import type { Router } from '../http/router.js';
import type { GraphCall, GraphRoute } from '../module.js';
import { filterItems } from '../query/filter.js';
import { collectionPage, project, selectedProperties } from '../query/query-options.js';
import { stableId } from '../seed/stable-id.js';
import type { AppRegistration, ExtensionProperty, Props } from '../store/types.js';
import { ROLES } from './roles.js';

function render(app: AppRegistration): Props {
  return {
    id: app.objectId,
    appId: app.appId,
    displayName: app.displayName,
    signInAudience: 'AzureADMyOrg',
    keyCredentials: [],
    passwordCredentials: [],
  };
}

function renderExtension(app: AppRegistration, p: ExtensionProperty): Props {
  return {
    id: p.id,
    name: p.name,
    dataType: p.dataType,
    targetObjects: p.targetObjects,
    appDisplayName: app.displayName,
    isSyncedFromOnPremises: false,
  };
}

function requireApp(call: GraphCall): AppRegistration {
  const id = call.params['id'] as string;
  for (const app of call.tenant.apps.values()) if (app.objectId === id) return app;
  throw notFound(id);
}

function list(call: GraphCall): GraphResult {
  const known = new Set([
    'id',
    'appId',
    'displayName',
    'signInAudience',
    'keyCredentials',
    'passwordCredentials',
  ]);
  const select = selectedProperties(call.query, 'application', (name) => known.has(name));
  const apps = filterItems(call, [...call.tenant.apps.values()].map(render), (a) => a);
  return {
    status: 200,
    body: collectionPage(call, 'applications', apps, (a) => (select ? project(a, select) : a)),
  };
}

function listExtensions(call: GraphCall): GraphResult {
  const app = requireApp(call);
  return {
    status: 200,
    body: collectionPage(call, 'extensionProperties', app.extensionProperties, (p) =>
      renderExtension(app, p),
    ),
  };
}

function addExtension(call: GraphCall): GraphResult {
  const app = requireApp(call);
  const body = (call.body ?? {}) as Props;
  const name = body['name'];
  if (typeof name !== 'string' || !/^[A-Za-z0-9_]+$/.test(name))
    throw badRequest("Invalid value specified for property 'name' of resource 'ExtensionProperty'.");
  const fullName = `extension_${app.appId.replace(/-/g, '')}_${name}`;
  if (app.extensionProperties.some((p) => p.name === fullName))
    throw badRequest('An extension property exists with the name ' + fullName + '.');
  const targets = Array.isArray(body['targetObjects']) ? body['targetObjects'].map(String) : ['User'];
  const property: ExtensionProperty = {
    id: stableId(call.tenant.info.id, 'extensionProperty', app.appId, name),
    name: fullName,
    dataType: typeof body['dataType'] === 'string' ? body['dataType'] : 'String',
    targetObjects: targets,
  };
  app.extensionProperties.push(property);
  return { status: 201, body: renderExtension(app, property) };
}

function removeExtension(call: GraphCall): GraphResult {
  const app = requireApp(call);
  const index = app.extensionProperties.findIndex((p) => p.id === call.params['extId']);
  if (index < 0) throw notFound(call.params['extId'] as string);
  app.extensionProperties.splice(index, 1);
  return { status: 204 };
}

/** Registers /applications and their directory extension properties. */
export function applicationRoutes(router: Router<GraphRoute>): void {
  router
    .add('GET', '/applications', { roles: ROLES.readApplications, handle: list })
    .add('GET', '/applications/:id', {
      roles: ROLES.readApplications,
      handle: (call) => ({ status: 200, body: render(requireApp(call)) }),
    })
    .add('GET', '/applications/:id/extensionProperties', {
      roles: ROLES.readApplications,
      handle: listExtensions,
    })
    .add('POST', '/applications/:id/extensionProperties', {
      roles: ROLES.writeApplications,
      handle: addExtension,
    })
    .add('DELETE', '/applications/:id/extensionProperties/:extId', {
      roles: ROLES.writeApplications,
      handle: removeExtension,
    });
}
