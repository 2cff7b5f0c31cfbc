import { notFound } from '../http/errors.js';
import type { GraphCall } from '../module.js';
import { project, selectedProperties } from '../query/query-options.js';
import type { TenantState } from '../store/tenant.js';
import type { DirectoryObject, GroupRecord, Props, UserRecord } from '../store/types.js';
import { emptyExtensionAttributes, isSelectableUserProperty, USER_DEFAULT_SELECT } from './user-schema.js';

/** Turns stored users into Graph's representation under the call's `$select`. */
export function userRenderer(call: GraphCall): (user: UserRecord) => Props {
  const select = selectedProperties(call.query, 'user', (name) =>
    isSelectableUserProperty(call.tenant, name),
  );
  const names: readonly string[] = select ?? USER_DEFAULT_SELECT;
  const wantsAttributes = names.includes('onPremisesExtensionAttributes');
  return (user) => {
    const out = project(user.props, names);
    // The user resource says not to use showInAddressList through Graph (Exchange manages it): a GET reads
    // null whatever is stored. https://learn.microsoft.com/graph/api/resources/user?view=graph-rest-1.0
    if ('showInAddressList' in out) out['showInAddressList'] = null;
    if (wantsAttributes)
      out['onPremisesExtensionAttributes'] = {
        ...emptyExtensionAttributes(),
        ...(user.props['onPremisesExtensionAttributes'] as Props | undefined),
      };
    return out;
  };
}

/** Stored group props, narrowed by `$select` when given. */
export function groupRenderer(call: GraphCall): (group: GroupRecord) => Props {
  const select = selectedProperties(call.query, 'group', () => true);
  return (group) => (select ? project(group.props, select) : withoutExtensions(group.props));
}

/** Directory extensions are returned only when `$select` names them (Graph's directory extensions page). */
function withoutExtensions(props: Props): Props {
  const out: Props = {};
  for (const [name, value] of Object.entries(props)) if (!name.startsWith('extension_')) out[name] = value;
  return out;
}

/** A user or group as a directoryObject in a mixed collection, with its `@odata.type`. */
export function directoryObjectRenderer(call: GraphCall): (object: DirectoryObject) => Props {
  const select = call.query
    .get('$select')
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return (object) => {
    const type = 'members' in object ? '#microsoft.graph.group' : '#microsoft.graph.user';
    const props = select ? project(object.props, select) : { ...object.props };
    delete props['passwordProfile'];
    return { '@odata.type': type, ...props };
  };
}

/** An object is invisible on GET by id while replication lag lasts (Graph answers 404 for a just-created object). */
export function isReplicating(tenant: TenantState, object: DirectoryObject): boolean {
  const lag = tenant.realism.replicationLagMs;
  return lag > 0 && tenant.clock.now() - object.createdMs < lag;
}

/** The active user named by id or UPN, or a 404. */
export function requireUser(tenant: TenantState, idOrUpn: string): UserRecord {
  const user = tenant.findUser(idOrUpn);
  if (!user) throw notFound(idOrUpn);
  return user;
}

/** The group named by id, or a 404. */
export function requireGroup(tenant: TenantState, id: string): GroupRecord {
  const group = tenant.groups.get(id);
  if (!group) throw notFound(id);
  return group;
}

/** Finds a user or group by id. */
export function findDirectoryObject(tenant: TenantState, id: string): UserRecord | GroupRecord | undefined {
  return tenant.users.get(id) ?? tenant.groups.get(id);
}

/** The object id at the end of an `@odata.id` reference such as `https://graph.microsoft.com/v1.0/directoryObjects/{id}`. */
export function referencedId(body: unknown): string | undefined {
  const ref = typeof body === 'object' && body !== null ? (body as Props)['@odata.id'] : undefined;
  if (typeof ref !== 'string') return undefined;
  const match =
    /\/(?:directoryObjects|users|groups)\/([^/?]+)\/?$/.exec(ref) ?? /^([0-9a-fA-F-]{36})$/.exec(ref);
  return match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
}
