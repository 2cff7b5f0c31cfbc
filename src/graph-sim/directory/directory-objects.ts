import { badRequest, notFound, type GraphResult } from '../http/errors.js';
import type { Router } from '../http/router.js';
import type { GraphCall, GraphRoute } from '../module.js';
import type { Props } from '../store/types.js';
import { directoryObjectRenderer, findDirectoryObject } from './render.js';

const READ_DIRECTORY = ['Directory.Read.All', 'Directory.ReadWrite.All'];
const MAX_IDS = 1000;

function getByIds(call: GraphCall): GraphResult {
  const body = (call.body ?? {}) as Props;
  const ids = body['ids'];
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string'))
    throw badRequest("The property 'ids' must be an array of strings.");
  if (ids.length > MAX_IDS) throw badRequest(`At most ${MAX_IDS} ids are allowed.`);
  const types = Array.isArray(body['types']) ? body['types'].map((t) => String(t).toLowerCase()) : undefined;
  const render = directoryObjectRenderer(call);
  const value = (ids as string[]).flatMap((id) => {
    const object = findDirectoryObject(call.tenant, id);
    if (!object || (types && !types.includes(object.kind))) return [];
    return [render(object)];
  });
  return {
    status: 200,
    body: { '@odata.context': `${call.baseUrl}/v1.0/$metadata#directoryObjects`, value },
  };
}

/**
 * POST /directoryObjects/getAvailableExtensionProperties: the extension definitions of every app registered in
 * the tenant, in the shape of the page's example; `isSyncedFromOnPremises: true` finds none (the simulator has
 * no on-premises sync), false or absent finds all.
 */
function availableExtensionProperties(call: GraphCall): GraphResult {
  const body = (call.body ?? {}) as Props;
  const synced = body['isSyncedFromOnPremises'];
  if (synced !== undefined && typeof synced !== 'boolean')
    throw badRequest("The property 'isSyncedFromOnPremises' must be a boolean.");
  const value =
    synced === true
      ? []
      : [...call.tenant.apps.values()].flatMap((app) =>
          app.extensionProperties.map((p) => ({
            '@odata.type': '#microsoft.graph.extensionProperty',
            id: p.id,
            deletedDateTime: null,
            appDisplayName: app.displayName,
            dataType: p.dataType,
            isMultiValued: false,
            isSyncedFromOnPremises: false,
            name: p.name,
            targetObjects: p.targetObjects,
          })),
        );
  return {
    status: 200,
    body: {
      '@odata.context': `${call.baseUrl}/v1.0/$metadata#Collection(microsoft.graph.extensionProperty)`,
      value,
    },
  };
}

function get(call: GraphCall): GraphResult {
  const object = findDirectoryObject(call.tenant, call.params['id'] as string);
  if (!object) throw notFound(call.params['id'] as string);
  return { status: 200, body: directoryObjectRenderer(call)(object) };
}

/** Registers /directoryObjects/{id}, POST /directoryObjects/getByIds (5 resource units) and getAvailableExtensionProperties. */
export function directoryObjectRoutes(router: Router<GraphRoute>): void {
  router
    .add('POST', '/directoryObjects/getByIds', {
      roles: READ_DIRECTORY,
      cost: 5,
      write: false,
      handle: getByIds,
    })
    // The page lists Directory.Read.All alone, with no higher-privileged alternative.
    .add('POST', '/directoryObjects/getAvailableExtensionProperties', {
      roles: ['Directory.Read.All'],
      write: false,
      handle: availableExtensionProperties,
    })
    .add('GET', '/directoryObjects/:id', { roles: READ_DIRECTORY, handle: get });
}
