// Graph clients and the simulator of the benchmarks.
import { readFile } from 'node:fs/promises';
import { SimAdminClient } from '../src/graph-sim/admin-client.js';
import { ensureSimulatorCa } from '../src/graph-sim/tls.js';
import { createGraphClient, type GraphClient } from '../src/graph/index.js';
import type { Tenant } from '../test/sync/engine.js';
import { startSimulatorProcess } from './processes.js';

/** The quotas a benchmark's client keeps under: the simulator's raised ones, which a TenantLink cannot state. */
export interface BenchLimits {
  writesPer150s?: number;
  resourceUnitsPer10s: number;
}

/** Our Graph client for a seeded tenant of the simulator at `url`, labelled `role/domain` in metrics. */
export function benchClient(url: string, tenant: Tenant, role: string, limits: BenchLimits): GraphClient {
  return createGraphClient({
    tenantKey: `${role}/${tenant.domain}`,
    tenantId: tenant.tenantId,
    clientId: tenant.clientId,
    authorityHost: url,
    graphBaseUrl: url,
    credential: { kind: 'secret', secret: tenant.secret },
    limits: {
      ...(limits.writesPer150s === undefined
        ? {}
        : { writes: { limit: limits.writesPer150s, windowSeconds: 150 } }),
      resourceUnits: { limit: limits.resourceUnitsPer10s, windowSeconds: 10 },
    },
  });
}

/** Starts the simulator process and an admin client for it; `caFile` is what the engine processes trust. */
export async function startBenchSimulator() {
  const { caFile } = await ensureSimulatorCa();
  const sim = await startSimulatorProcess();
  const admin = new SimAdminClient(sim.url, await readFile(caFile, 'utf8'));
  return { sim, admin, caFile };
}

/** A seed entry adding `count` generated users to a seeded tenant, all direct members of its 'Sync to Contoso' group. */
export function generatedUsers(tenant: Tenant, displayName: string, count: number) {
  return {
    id: tenant.tenantId,
    displayName,
    domains: [tenant.domain],
    generate: { count, group: 'Sync to Contoso' },
  };
}
