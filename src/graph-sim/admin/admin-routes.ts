import { GraphError, type GraphResult } from '../http/errors.js';
import type { Router } from '../http/router.js';
import type { AdminCall, AdminRoute, SimModule } from '../module.js';
import { mergeRealism } from '../realism/realism.js';
import type { Throttler } from '../realism/throttle.js';
import { applySeed, parseSeed, seedApp, seedUsers } from '../seed/apply-seed.js';
import { generateUsers } from '../seed/generate.js';
import type { AppSeed, UserSeed } from '../seed/seed-schema.js';
import type { TenantState } from '../store/tenant.js';
import type { RequestLog } from './request-log.js';

function tenantOf(call: AdminCall): TenantState {
  const tenant = call.store.resolve(call.params['tenant'] as string);
  if (!tenant) throw new GraphError(404, 'NotFound', `No tenant '${call.params['tenant']}'.`);
  return tenant;
}

function record(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new GraphError(400, 'BadRequest', 'A JSON object body is required.');
  return body as Record<string, unknown>;
}

function guarded(fn: AdminRoute): AdminRoute {
  return async (call) => {
    try {
      return await fn(call);
    } catch (err) {
      if (err instanceof TypeError) throw new GraphError(400, 'BadRequest', err.message);
      throw err;
    }
  };
}

function summary(tenant: TenantState): Record<string, unknown> {
  return {
    id: tenant.info.id,
    displayName: tenant.info.displayName,
    domains: tenant.info.domains,
    defaultDomain: tenant.info.defaultDomain,
    users: tenant.users.size,
    deletedUsers: tenant.deletedUsers.size,
    groups: tenant.groups.size,
    apps: [...tenant.apps.values()].map((a) => ({
      appId: a.appId,
      displayName: a.displayName,
      roles: [...a.roles],
    })),
  };
}

/** The admin API under /_sim/: seeding, request log, realism switches and the clock. */
export function adminRoutes(
  router: Router<AdminRoute>,
  log: RequestLog,
  throttler: Throttler,
  modules: readonly SimModule[],
): void {
  const ok = (body?: unknown): GraphResult => ({ status: 200, body: body ?? { ok: true } });
  router
    .add('GET', '/health', () => ok())
    .add(
      'POST',
      '/seed',
      guarded((call) => {
        const body = record(call.body);
        const doc = parseSeed(typeof body['yaml'] === 'string' ? body['yaml'] : body);
        return ok({ tenants: applySeed(call.store, doc, modules).map(summary) });
      }),
    )
    .add('POST', '/reset', (call) => {
      call.store.clear();
      log.clear();
      throttler.reset();
      return ok();
    })
    .add('GET', '/tenants', (call) => ok({ tenants: [...call.store.tenants.values()].map(summary) }))
    .add('GET', '/tenants/:tenant', (call) => ok(summary(tenantOf(call))))
    .add(
      'POST',
      '/tenants/:tenant/apps',
      guarded((call) => {
        const app = seedApp(tenantOf(call), record(call.body) as unknown as AppSeed);
        return ok({ appId: app.appId, objectId: app.objectId });
      }),
    )
    .add(
      'PUT',
      '/tenants/:tenant/apps/:appId/roles',
      guarded((call) => {
        const app = tenantOf(call).apps.get((call.params['appId'] as string).toLowerCase());
        const roles = record(call.body)['roles'];
        if (!app) throw new GraphError(404, 'NotFound', 'No such app.');
        if (!Array.isArray(roles)) throw new TypeError('roles must be an array of permission names');
        app.roles = new Set(roles.map(String));
        return ok({ roles: [...app.roles] });
      }),
    )
    .add(
      'POST',
      '/tenants/:tenant/users',
      guarded((call) => {
        const tenant = tenantOf(call);
        const body = record(call.body);
        if (!Array.isArray(body['users'])) throw new TypeError('users must be an array');
        seedUsers(tenant, body['users'] as UserSeed[]);
        return ok({ users: tenant.users.size });
      }),
    )
    .add(
      'POST',
      '/tenants/:tenant/generate',
      guarded((call) => {
        const tenant = tenantOf(call);
        const body = record(call.body);
        const count = body['count'];
        if (typeof count !== 'number' || !Number.isInteger(count) || count < 0)
          throw new TypeError('count must be an integer >= 0');
        const prefix = typeof body['prefix'] === 'string' ? body['prefix'] : 'user';
        seedUsers(tenant, generateUsers(count, tenant.info.defaultDomain, prefix));
        return ok({ users: tenant.users.size });
      }),
    )
    .add('GET', '/tenants/:tenant/realism', (call) => ok(tenantOf(call).realism))
    .add(
      'PATCH',
      '/tenants/:tenant/realism',
      guarded((call) => {
        const tenant = tenantOf(call);
        tenant.realism = mergeRealism(tenant.realism, call.body);
        throttler.reset();
        return ok(tenant.realism);
      }),
    )
    .add('GET', '/requests', (call) => ok({ requests: log.list(call.query.get('tenant') ?? undefined) }))
    .add('DELETE', '/requests', () => {
      log.clear();
      return ok();
    })
    .add('GET', '/clock', (call) =>
      ok({ now: call.store.clock.isoNow(), offsetMs: call.store.clock.offset() }),
    )
    .add(
      'POST',
      '/clock/advance',
      guarded((call) => {
        const ms = record(call.body)['ms'];
        if (typeof ms !== 'number' || ms < 0) throw new TypeError('ms must be a number >= 0');
        call.store.clock.advance(ms);
        for (const module of modules) module.onClockAdvance?.(call.store);
        return ok({ now: call.store.clock.isoNow(), offsetMs: call.store.clock.offset() });
      }),
    );
}
