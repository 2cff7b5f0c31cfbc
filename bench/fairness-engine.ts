// Two SyncScopes' engine loops in one process, as the operator runs them (concurrent reconciles sharing the
// target's Graph client and so its write pacer): B (Contoso US) starts first; A (Contoso EMEA, a large
// initial sync) joins once B's initial sync is done. bench/fairness.ts starts it. Prints one JSON line per
// cycle on stdout. Configuration: SYNC_BENCH_ENGINE (JSON, FairnessEngineConfig), as startEngineProcess sets it.
import { writeShareOf, type GraphClient } from '../src/graph/index.js';
import { emptySyncState, runSyncCycle } from '../src/sync/cycle.js';
import { createsThisCycle } from '../src/sync/quota.js';
import { CONTOSO, EMEA, US, defaultMapping, groupId, syncSpec, type Tenant } from '../test/sync/engine.js';
import { benchClient } from './clients.js';

/** What the driver tells the engine process. */
export interface FairnessEngineConfig {
  simUrl: string;
  intervalMs: number;
  writesPer150s: number;
  resourceUnitsPer10s: number;
}

/** One cycle of one SyncScope as the engine process reports it. */
export interface FairnessCycleReport {
  scope: 'A' | 'B';
  cycle: number;
  kind: string;
  startMs: number;
  endMs: number;
  deferred: number;
  done: { created: number; updated: number; deprovisioned: number; failed: number };
}

const config = JSON.parse(process.env.SYNC_BENCH_ENGINE ?? '{}') as FairnessEngineConfig;

function client(tenant: Tenant): GraphClient {
  return benchClient(config.simUrl, tenant, 'bench', config);
}

const target = client(CONTOSO);
const mapping = defaultMapping();

/** The controller's loop for one SyncScope: a cycle, then one interval, or none while creates are left. */
async function syncLoop(scope: 'A' | 'B', tenant: Tenant, initialDone?: () => void): Promise<void> {
  const source = client(tenant);
  const spec = syncSpec({ groups: [await groupId(source, 'Sync to Contoso')] });
  const state = emptySyncState();
  const writer = `bench/${scope}`;
  for (let cycle = 1; ; cycle++) {
    const startMs = Date.now();
    const result = await runSyncCycle({
      source,
      target,
      sourceTenantId: tenant.tenantId,
      targetTenantId: CONTOSO.tenantId,
      spec,
      mapping,
      state,
      now: new Date(startMs),
      writer,
      maxCreates: createsThisCycle(writeShareOf(target, writer)),
    });
    const { created, updated, deprovisioned, failed } = result.done;
    const report: FairnessCycleReport = {
      scope,
      cycle,
      kind: result.kind,
      startMs,
      endMs: Date.now(),
      deferred: result.plan.deferred.length,
      done: { created, updated, deprovisioned, failed },
    };
    process.stdout.write(JSON.stringify(report) + '\n');
    if (report.deferred > 0) continue;
    initialDone?.();
    await new Promise((resolve) => setTimeout(resolve, config.intervalMs));
  }
}

let startA: () => void = () => undefined;
const bInitialDone = new Promise<void>((resolve) => (startA = resolve));
await Promise.all([syncLoop('B', US, startA), bInitialDone.then(() => syncLoop('A', EMEA))]);
