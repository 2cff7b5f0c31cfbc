import type { RequestLogEntry } from '../../src/graph-sim/admin/request-log.js';
import type { RunningSimulator } from '../../src/graph-sim/index.js';
import { createGraphClient, type GraphClient, type GraphClientOptions } from '../../src/graph/index.js';

// The seeded tenants are defined once, beside the simulator's conformance tests.
export { CONTOSO, EMEA } from '../graph-sim/sim-fixture.js';

/** Our client for a seeded tenant of a running simulator. */
export function simClient(
  sim: RunningSimulator,
  tenant: { tenantId: string; clientId: string; secret: string },
  extra: Partial<GraphClientOptions> = {},
): GraphClient {
  return createGraphClient({
    tenantKey: `test/${tenant.tenantId.slice(0, 8)}`,
    tenantId: tenant.tenantId,
    clientId: tenant.clientId,
    authorityHost: sim.url,
    graphBaseUrl: sim.url,
    credential: { kind: 'secret', secret: tenant.secret },
    ...extra,
  });
}

/** The simulator's log of Graph calls for a tenant, without its sign-in traffic (token, OpenID configuration). */
export async function graphRequests(sim: RunningSimulator, tenantId: string): Promise<RequestLogEntry[]> {
  const log = await sim.admin.requests(tenantId);
  return log.filter((e) => !/\/(oauth2|v2\.0\/\.well-known)\//.test(e.path));
}
