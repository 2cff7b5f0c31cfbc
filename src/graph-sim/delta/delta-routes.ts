import { groupRenderer, userRenderer } from '../directory/render.js';
import { ROLES } from '../directory/roles.js';
import { GraphError, type GraphResult } from '../http/errors.js';
import type { Router } from '../http/router.js';
import type { GraphCall, GraphRoute } from '../module.js';
import { queryString } from '../query/query-options.js';
import type { TenantState } from '../store/tenant.js';
import type { GroupRecord, Props } from '../store/types.js';
import type { DeltaLog } from './delta-log.js';
import { decodeDeltaToken, encodeDeltaToken, type DeltaState } from './delta-token.js';
import { deltaIdFilter } from './id-filter.js';

const DEFAULT_PAGE = 100;
const UNSUPPORTED = ['$top', '$orderby', '$expand', '$search', '$count'];

interface Resource {
  name: DeltaState['r'];
  log(tenant: TenantState): DeltaLog;
  lastSeq(tenant: TenantState, id: string): number | undefined;
  isActive(tenant: TenantState, id: string): boolean;
  render(call: GraphCall, state: DeltaState, id: string): Props;
}

function pageSizeOf(call: GraphCall): number {
  const match = /odata\.maxpagesize=(\d+)/i.exec(call.headers['prefer'] ?? '');
  return match ? Math.min(999, Math.max(1, Number(match[1]))) : DEFAULT_PAGE;
}

/** A call whose query is the token's original options, so renderers see the first request's $select. */
function withOriginalOptions(call: GraphCall, state: DeltaState): GraphCall {
  const query = new URLSearchParams();
  if (state.s !== undefined) query.set('$select', state.s);
  return { ...call, query };
}

function link(call: GraphCall, param: '$skiptoken' | '$deltatoken', state: DeltaState): string {
  return `${call.baseUrl}/v1.0/${state.r}/delta?${queryString(new URLSearchParams([[param, encodeDeltaToken(state)]]))}`;
}

function startState(call: GraphCall, resource: Resource): DeltaState {
  const { tenant, query } = call;
  const skip = query.get('$skiptoken');
  if (skip !== null) return decodeDeltaToken(skip, tenant.info.id, resource.name);
  const token = query.get('$deltatoken');
  const now = tenant.clock.now();
  if (token !== null && token !== 'latest') {
    const previous = decodeDeltaToken(token, tenant.info.id, resource.name);
    if (now - previous.i > tenant.realism.deltaTokenTtlMs) {
      const fresh = new URLSearchParams();
      if (previous.s !== undefined) fresh.set('$select', previous.s);
      if (previous.f !== undefined) fresh.set('$filter', previous.f);
      const location = `${call.baseUrl}/v1.0/${resource.name}/delta${fresh.size > 0 ? `?${queryString(fresh)}` : ''}`;
      throw new GraphError(
        410,
        'syncStateNotFound',
        'The sync state generation is not found: the delta token expired. Start a full synchronization from the Location header.',
        { location },
      );
    }
    return {
      ...previous,
      to: tenant.currentSeq(),
      c: resource.log(tenant).startAfter(previous.from),
      i: now,
    };
  }
  for (const option of UNSUPPORTED) {
    if (query.has(option))
      throw new GraphError(
        400,
        'Request_UnsupportedQuery',
        `Unsupported query option '${option}' on a delta query.`,
      );
  }
  const state: DeltaState = {
    r: resource.name,
    t: tenant.info.id,
    from: 0,
    to: tenant.currentSeq(),
    c: 0,
    i: now,
  };
  const select = query.get('$select');
  const filter = query.get('$filter');
  if (select !== null) state.s = select;
  if (filter !== null) state.f = filter;
  if (token === 'latest') return { ...state, from: state.to, c: resource.log(tenant).length };
  return state;
}

function deltaPage(call: GraphCall, resource: Resource): GraphResult {
  const { tenant } = call;
  const state = startState(call, resource);
  const original = withOriginalOptions(call, state);
  const tracked = state.f === undefined ? undefined : deltaIdFilter(state.f);
  const initial = state.from === 0;
  const lastSeq = (id: string): number | undefined => {
    if (initial && !resource.isActive(tenant, id)) return undefined;
    if (tracked && !tracked.has(id.toLowerCase())) return undefined;
    return resource.lastSeq(tenant, id);
  };
  const page = resource.log(tenant).scan(state.c, state.to, pageSizeOf(call), lastSeq);
  const body: Props = {
    '@odata.context': `${call.baseUrl}/v1.0/$metadata#${resource.name}(${state.s ?? ''})`,
    value: page.ids.map((id) => resource.render(original, state, id)),
  };
  if (page.next !== null) body['@odata.nextLink'] = link(call, '$skiptoken', { ...state, c: page.next });
  else body['@odata.deltaLink'] = link(call, '$deltatoken', { ...state, from: state.to, c: 0 });
  return { status: 200, body };
}

function removed(id: string, reason: 'changed' | 'deleted'): Props {
  return { id, '@removed': { reason } };
}

const users: Resource = {
  name: 'users',
  log: (tenant) => tenant.userLog,
  lastSeq: (tenant, id) => tenant.userSeq(id),
  isActive: (tenant, id) => tenant.users.has(id),
  render(call, state, id) {
    const { tenant } = call;
    const user = tenant.users.get(id);
    if (!user) return removed(id, tenant.deletedUsers.has(id) ? 'changed' : 'deleted');
    const select = state.s?.split(',').map((s) => s.trim());
    const withoutManager = select?.filter((s) => s !== 'manager');
    const renderCall = select
      ? { ...call, query: new URLSearchParams([['$select', (withoutManager as string[]).join(',') || 'id']]) }
      : call;
    const out = userRenderer(renderCall)(user);
    // Delta leaves showInAddressList out even when selected (see render.ts).
    delete out['showInAddressList'];
    if (select?.includes('manager') && user.managerId !== undefined) {
      out['manager@delta'] = [{ '@odata.type': '#microsoft.graph.user', id: user.managerId }];
    }
    return out;
  },
};

function membersDelta(tenant: TenantState, group: GroupRecord, state: DeltaState): Props[] {
  const typeOf = (id: string): string =>
    tenant.groups.has(id) ? '#microsoft.graph.group' : '#microsoft.graph.user';
  if (state.from === 0) return [...group.members].map((id) => ({ '@odata.type': typeOf(id), id }));
  const last = new Map<string, boolean>();
  for (const change of group.memberChanges) {
    if (change.seq > state.from && change.seq <= state.to) last.set(change.memberId, change.removed);
  }
  return [...last].map(([id, isRemoved]) => ({
    '@odata.type': typeOf(id),
    id,
    ...(isRemoved ? { '@removed': { reason: 'deleted' } } : {}),
  }));
}

const groups: Resource = {
  name: 'groups',
  log: (tenant) => tenant.groupLog,
  lastSeq: (tenant, id) => tenant.groupSeq(id),
  isActive: (tenant, id) => tenant.groups.has(id),
  render(call, state, id) {
    const group = call.tenant.groups.get(id);
    if (!group) return removed(id, call.tenant.deletedGroups.has(id) ? 'changed' : 'deleted');
    const select = state.s?.split(',').map((s) => s.trim());
    const props = select?.filter((s) => s !== 'members');
    const renderCall = select
      ? { ...call, query: new URLSearchParams([['$select', (props as string[]).join(',') || 'id']]) }
      : call;
    const out = groupRenderer(renderCall)(group);
    if (!select || select.includes('members')) out['members@delta'] = membersDelta(call.tenant, group, state);
    return out;
  },
};

/** Registers /users/delta and /groups/delta. */
export function deltaRoutes(router: Router<GraphRoute>): void {
  for (const path of ['/users/delta', '/users/delta()'])
    router.add('GET', path, { roles: ROLES.readUsers, handle: (call) => deltaPage(call, users) });
  for (const path of ['/groups/delta', '/groups/delta()'])
    router.add('GET', path, { roles: ROLES.readGroupObjects, handle: (call) => deltaPage(call, groups) });
}
