import type { RequestLogEntry } from '../../src/graph-sim/admin/request-log.js';
import type { RunningSimulator } from '../../src/graph-sim/index.js';
import { createGraphClient, type GraphClient, type GraphClientOptions } from '../../src/graph/index.js';

/** The target tenant of the simulator's default Contoso seed and its operator app. */
export const CONTOSO = {
  tenantId: '6f1c2e8a-3b4d-4c5e-9f60-7a8b9c0d1e2f',
  clientId: '3c1d6f0e-8a2b-4c7d-9e5f-0a1b2c3d4e5f',
  secret: 'contoso-demo-secret',
  domain: 'contoso.com',
};

/** A source tenant of the Contoso seed. */
export const EMEA = {
  tenantId: '2b7d9e41-5c6a-4f3b-8d2e-1a0b9c8d7e6f',
  clientId: '7e2f4a6c-9b1d-4e3f-8a5c-6b7d8e9f0a1b',
  secret: 'emea-demo-secret',
  domain: 'emea.contoso.com',
};

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

/** Polls until `check` holds, for effects another party brings about; fails after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
