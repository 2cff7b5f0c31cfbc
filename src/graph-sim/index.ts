import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { adminRoutes } from './admin/admin-routes.js';
import { RequestLog } from './admin/request-log.js';
import { SimAdminClient } from './admin-client.js';
import { deltaModule } from './delta/delta-module.js';
import { directoryModule } from './directory/directory-module.js';
import { accessReviewsModule } from './governance/access-reviews/module.js';
import { entitlementModule } from './governance/entitlement/module.js';
import { lifecycleWorkflowsModule } from './governance/lifecycle-workflows/module.js';
import { Router } from './http/router.js';
import { SigningKeys } from './identity/keys.js';
import { tenantRelationshipsModule } from './policies/module.js';
import type { AdminRoute, GraphRoute, SimModule } from './module.js';
import { Throttler } from './realism/throttle.js';
import type { SimRuntime } from './runtime.js';
import { applySeed, parseSeed } from './seed/apply-seed.js';
import type { SeedDocument } from './seed/seed-schema.js';
import { createSimServer } from './server.js';
import { synchronizationModule } from './synchronization/module.js';
import { SimStore } from './store/store.js';
import { defaultStateDir, ensureSimulatorCa, issueServerCertificate } from './tls.js';

export { ensureSimulatorCa, defaultStateDir } from './tls.js';
export { SimAdminClient } from './admin-client.js';
export type { SeedDocument } from './seed/seed-schema.js';

/** The default seed: Contoso with its EMEA and US source tenants. */
export const DEFAULT_SEED_FILE = fileURLToPath(new URL('./seeds/contoso.yaml', import.meta.url));

/** The simulator's feature areas: the directory with its delta queries, cross-tenant synchronization, identity governance, tenant relationships. */
const BUILT_IN_MODULES: readonly SimModule[] = [
  directoryModule,
  deltaModule,
  // Before governance: what Entra's synchronization jobs write when the clock moves is seen by the
  // automatic assignments evaluated on the same step.
  synchronizationModule,
  entitlementModule,
  accessReviewsModule,
  lifecycleWorkflowsModule,
  tenantRelationshipsModule,
];

/** Options of `startSimulator`. */
export interface SimulatorOptions {
  /** A seed file path, a seed document, or YAML text (starting with `tenants:`); default: the Contoso seed. */
  seed?: string | SeedDocument;
  /** Port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  /** Directory of the CA files; default `<repo>/.cache/graph-sim` or `CROSSTENANT_SIM_DIR`. */
  stateDir?: string;
  /** Feature modules added after the built-in ones (directory, delta, governance); a repeated one counts once. */
  modules?: SimModule[];
}

/** A started simulator. */
export interface RunningSimulator {
  /** `https://localhost:PORT`: both the authority host and the Graph base URL. */
  url: string;
  caFile: string;
  admin: SimAdminClient;
  stop(): Promise<void>;
}

async function loadSeed(seed: string | SeedDocument | undefined): Promise<SeedDocument> {
  if (seed === undefined) return parseSeed(await readFile(DEFAULT_SEED_FILE, 'utf8'));
  if (typeof seed !== 'string') return parseSeed(seed);
  return parseSeed(/^\s*tenants\s*:/m.test(seed) ? seed : await readFile(seed, 'utf8'));
}

/** Starts the simulator over HTTPS on 127.0.0.1, seeded, and returns its URL, CA file and admin client. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const stateDir = options.stateDir ?? defaultStateDir();
  await ensureSimulatorCa(stateDir);
  const tls = await issueServerCertificate(stateDir);
  const modules = [...new Set([...BUILT_IN_MODULES, ...(options.modules ?? [])])];
  const runtime: SimRuntime = {
    store: new SimStore(),
    keys: await SigningKeys.create(),
    log: new RequestLog(),
    throttler: new Throttler(),
    graphRouter: new Router<GraphRoute>(),
    adminRouter: new Router<AdminRoute>(),
    modules,
  };
  for (const module of modules) {
    module.graphRoutes(runtime.graphRouter);
    module.adminRoutes?.(runtime.adminRouter);
  }
  adminRoutes(runtime.adminRouter, runtime.log, runtime.throttler, modules);
  applySeed(runtime.store, await loadSeed(options.seed), modules);
  const server = createSimServer(runtime, tls);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `https://localhost:${port}`;
  const ca = await readFile(tls.caFile, 'utf8');
  return {
    url,
    caFile: tls.caFile,
    admin: new SimAdminClient(url, ca),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
