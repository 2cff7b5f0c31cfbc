// Fairness benchmark: one target (Contoso) at Graph's write quota, SyncScope A (Contoso EMEA, 20,000
// generated users) in its initial sync while SyncScope B (Contoso US, already synced) gets 100 changes:
// department changes and disables. One JSON line: B's change-to-target latency p50/p95 at the interval, and
// A's share of the writes the quota left to it while B's changes ran (from the simulator's request log).
// The simulator and the two engine loops (one process, one shared target client, as the operator runs
// concurrent reconciles) run as child processes on 127.0.0.1.
// Usage: npm run bench:fairness -- [--users 20000] [--writes-per-150s 3000] [--interval-ms 2000] [--changes 100]
import { parseArgs } from 'node:util';
import type { RequestLogEntry } from '../src/graph-sim/admin/request-log.js';
import type { GraphClient } from '../src/graph/index.js';
import { CONTOSO, EMEA, US, anchoredUsers, type Tenant } from '../test/sync/engine.js';
import type { FairnessCycleReport, FairnessEngineConfig } from './fairness-engine.js';
import { benchClient, generatedUsers, startBenchSimulator } from './clients.js';
import { changeLatencies, percentile, round, type TimedChange } from './latency.js';
import { buildEngine, startEngineProcess, stopChild } from './processes.js';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '20000' },
    'writes-per-150s': { type: 'string', default: '3000' },
    'interval-ms': { type: 'string', default: '2000' },
    changes: { type: 'string', default: '100' },
  },
});
const USERS = Number(values.users);
/** Graph's app + tenant write quota (3,000 per 150 s), for the engine's pacer and the simulator alike. */
const WRITES_PER_150S = Number(values['writes-per-150s']);
const INTERVAL_MS = Number(values['interval-ms']);
const CHANGES = Number(values.changes);
/** B's source users: enough for every change to touch its own user. */
const B_USERS = Math.max(200, CHANGES + 20);
/** Every tenth change disables its user; the others change the department. */
const DISABLE_EVERY = 10;
const CHANGE_SPACING_MS = 300;
const RESOURCE_UNITS_PER_10S = 1_000_000;

function graph(url: string, tenant: Tenant): GraphClient {
  return benchClient(url, tenant, 'bench-driver', { resourceUnitsPer10s: RESOURCE_UNITS_PER_10S });
}

async function until(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const isWrite = (r: RequestLogEntry) => r.method !== 'GET' && !r.path.endsWith('/$batch') && r.status < 400;

async function run(): Promise<Record<string, unknown>> {
  const { sim, admin, caFile } = await startBenchSimulator();
  const cycles: FairnessCycleReport[] = [];
  let engine: ReturnType<typeof startEngineProcess> | undefined;
  try {
    await admin.seed({
      tenants: [generatedUsers(EMEA, 'Contoso EMEA', USERS), generatedUsers(US, 'Contoso US', B_USERS)],
    });
    const throttling = { writesPer150s: WRITES_PER_150S, resourceUnitsPer10s: RESOURCE_UNITS_PER_10S };
    for (const tenant of [CONTOSO, EMEA, US]) await admin.setRealism(tenant.tenantId, { throttling });
    const config: FairnessEngineConfig = {
      simUrl: sim.url,
      intervalMs: INTERVAL_MS,
      writesPer150s: WRITES_PER_150S,
      resourceUnitsPer10s: RESOURCE_UNITS_PER_10S,
    };
    engine = startEngineProcess(await buildEngine('fairness-engine'), [], config, caFile, (line) =>
      cycles.push(line as FairnessCycleReport),
    );
    const target = graph(sim.url, CONTOSO);
    const usSource = graph(sim.url, US);
    await until('B to be in step', () => cycles.some((c) => c.scope === 'B' && c.deferred === 0), 600_000);
    // The quota's burst goes first; from then on A's creates wait for quota, and B's changes must overtake them.
    await until(
      "A's initial sync to spend the quota's burst",
      async () =>
        (await admin.requests(CONTOSO.tenantId)).filter(isWrite).length >= WRITES_PER_150S + 2 * B_USERS,
      600_000,
    );
    // Enabled ones only: a disable of a user the seed made disabled would change nothing.
    const bUsers = [...(await anchoredUsers(target, US.tenantId))]
      .filter(([, user]) => user.accountEnabled !== false)
      .slice(0, CHANGES);
    const changes: TimedChange[] = bUsers.map(([source, user], i) => ({
      source,
      target: user.id,
      patch:
        i % DISABLE_EVERY === DISABLE_EVERY - 1 ? { accountEnabled: false } : { department: `Bench ${i}` },
    }));
    await admin.clearRequests();
    const windowStart = performance.now();
    const latencies = (await changeLatencies(usSource, target, changes, CHANGE_SPACING_MS)).sort(
      (a, b) => a - b,
    );
    const windowSeconds = (performance.now() - windowStart) / 1000;
    const bTargets = new Set(changes.map((c) => c.target));
    const written = (await admin.requests(CONTOSO.tenantId)).filter(isWrite);
    const bWrites = written.filter((r) => [...bTargets].some((id) => r.path.includes(id))).length;
    const aWrites = written.length - bWrites;
    // Over the window the quota let through its rate (the burst was spent before it began).
    const allowed = (WRITES_PER_150S / 150) * windowSeconds;
    const aCycles = cycles.filter((c) => c.scope === 'A');
    return {
      benchmark: 'fairness',
      aUsers: USERS,
      bUsers: B_USERS,
      writeQuota: { writesPer150s: WRITES_PER_150S, perSecond: round(WRITES_PER_150S / 150, 1) },
      windowSeconds: round(windowSeconds, 1),
      bChangeToTargetLatencyMs: {
        changes: latencies.length,
        disables: changes.filter((c) => 'accountEnabled' in c.patch).length,
        p50: round(percentile(latencies, 50), 0),
        p95: round(percentile(latencies, 95), 0),
        max: round(latencies.at(-1) ?? NaN, 0),
        intervalMs: INTERVAL_MS,
      },
      writesInWindow: { a: aWrites, b: bWrites, allowedByQuota: Math.round(allowed) },
      // A's writes out of what the quota allowed in the window, less what B took.
      aShareOfWritesLeftToIt: round(aWrites / (allowed - bWrites), 3),
      aCyclesSoFar: aCycles.length,
      aCreatedSoFar: aCycles.reduce((sum, c) => sum + c.done.created, 0),
      met: {
        bP95WithinIntervalPlus5s:
          percentile(latencies, 95) <= INTERVAL_MS + 5_000 && latencies.length === CHANGES,
        aUsesAtLeast90PercentOfWhatIsLeft: aWrites / (allowed - bWrites) >= 0.9,
      },
    };
  } finally {
    if (engine) await stopChild(engine);
    await stopChild(sim.child);
  }
}

process.stdout.write(JSON.stringify(await run()) + '\n');
