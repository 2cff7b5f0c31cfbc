// Sync engine benchmark: a group scope of N generated users synced from Contoso EMEA into Contoso through
// the Graph simulator. Per N, one JSON line: initial sync time, writes per created user, achieved writes/s
// against the simulator's write quota, writes in cycles with no change, change-to-target latency over 100
// source changes, the engine's peak RSS and its planning CPU. The simulator and the engine run as child
// processes on 127.0.0.1 (bench/processes.ts).
// Usage: npm run bench:sync -- [--users 10000,100000] [--writes-per-150s N] [--interval-ms 2000] [--changes 100]
//        [--preprovision-from N] [--engine-node-flags='--max-old-space-size=384 --optimize-for-size ...']
import type { ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { FIXED_WRITE_LIMITS } from '../src/graph-sim/realism/throttle.js';
import { listUsers, type GraphClient } from '../src/graph/index.js';
import { CONTOSO, EMEA, type Tenant } from '../test/sync/engine.js';
import { buildEngine, peakRssBytes, residentBytes, startEngineProcess, stopChild } from './processes.js';
import type { CycleReport, EngineConfig } from './sync-engine.js';
import { preprovisionTarget } from './preprovision.js';
import { benchClient, generatedUsers, startBenchSimulator } from './clients.js';
import { changeLatencies, percentile, round } from './latency.js';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '10000,100000' },
    'writes-per-150s': { type: 'string' },
    'interval-ms': { type: 'string', default: '2000' },
    changes: { type: 'string', default: '100' },
    'preprovision-from': { type: 'string', default: 'Infinity' },
    // As the chart runs the operator: NODE_OPTIONS=--max-old-space-size=<heapLimitMiB, 384 by default>,
    // then its nodeFlags on the command line.
    'engine-node-flags': {
      type: 'string',
      default: '--max-old-space-size=384 --optimize-for-size --max-semi-space-size=1',
    },
  },
});
const RUNS = (values.users ?? '').split(',').map(Number);
/**
 * The simulator's app + tenant write quota for the target (Graph's is 3,000 per 150 s: 100,000 users would
 * take hours). 10,000 users outlast its initial burst and are bound by it; 100,000 users are bound by
 * Graph's tenant-wide 18,000 writes per 5 minutes (60/s), which the simulator keeps: about 55 minutes.
 */
function writesPer150sFor(users: number): number {
  if (values['writes-per-150s'] !== undefined) return Number(values['writes-per-150s']);
  return users <= 10_000 ? 15_000 : 30_000;
}
const INTERVAL_MS = Number(values['interval-ms']);
const ENGINE_NODE_FLAGS = (values['engine-node-flags'] ?? '').split(' ').filter((f) => f !== '');
const CHANGES = Number(values.changes);
// From this many users the target starts with the users already there (bench/preprovision.ts); never by default.
const PREPROVISION_FROM = Number(values['preprovision-from']);
// Reads are not what is measured: a quota no run reaches, for the engine and for this driver's polling.
const RESOURCE_UNITS_PER_10S = 1_000_000;
const CHANGE_SPACING_MS = 300;

function graph(url: string, tenant: Tenant): GraphClient {
  return benchClient(url, tenant, 'bench-driver', { resourceUnitsPer10s: RESOURCE_UNITS_PER_10S });
}

/**
 * The simulator's write bucket that allowed the fewest writes in `seconds` (each starts full, then refills
 * at its rate): the app + tenant quota the run sets, or Graph's fixed per-app and per-tenant limits, which
 * bind first for long runs (the tenant's 18,000 writes per 5 minutes is 60 writes/s).
 */
function bindingWriteQuota(writesPer150s: number, seconds: number) {
  const buckets = [
    { name: 'app + tenant (writesPer150s)', limit: writesPer150s, windowSeconds: 150 },
    { name: 'app', ...FIXED_WRITE_LIMITS.application },
    { name: 'tenant', ...FIXED_WRITE_LIMITS.tenant },
  ].map((b) => ({
    name: b.name,
    perSecond: b.limit / b.windowSeconds,
    allowed: b.limit + (b.limit / b.windowSeconds) * seconds,
  }));
  return buckets.reduce((a, b) => (b.allowed < a.allowed ? b : a));
}

function cycleSeconds(cycles: readonly CycleReport[]): { cycles: number; p50: number; max: number } {
  const seconds = cycles.map((c) => (c.endMs - c.startMs) / 1000).sort((a, b) => a - b);
  return {
    cycles: seconds.length,
    p50: round(percentile(seconds, 50), 1),
    max: round(seconds.at(-1) ?? NaN, 1),
  };
}

/**
 * The initial sync as one span: its cycles follow one another at once while creates are left for the
 * next (CREATES_PER_CYCLE). Planning CPU is the most any of them took.
 */
function initialSync(reports: readonly CycleReport[]) {
  const sum = (f: (c: CycleReport) => number) => reports.reduce((a, c) => a + f(c), 0);
  const max = (f: (c: CycleReport) => number) => Math.max(...reports.map(f));
  return {
    cycles: reports.length,
    startMs: reports[0]?.startMs ?? NaN,
    endMs: reports.at(-1)?.endMs ?? NaN,
    writesOk: sum((c) => c.writesOk),
    writesSent: sum((c) => c.writesSent),
    throttled: sum((c) => c.throttled),
    done: {
      created: sum((c) => c.done.created),
      updated: sum((c) => c.done.updated),
      failed: sum((c) => c.done.failed),
    },
    planCpuSeconds: max((c) => c.planCpuSeconds),
    planProcessCpuSeconds: max((c) => c.planProcessCpuSeconds),
  };
}

/** Waits until `cycles` holds a report for which `done` is true; fails when the engine process has ended. */
async function cycleWhere(
  cycles: CycleReport[],
  done: (c: CycleReport) => boolean,
  what: string,
  engine: ChildProcess,
) {
  const deadline = Date.now() + 4 * 3_600_000;
  for (;;) {
    const found = cycles.find(done);
    if (found) return found;
    if (engine.exitCode !== null || engine.signalCode !== null)
      throw new Error(`the engine process ended (${engine.exitCode ?? engine.signalCode}) before: ${what}`);
    if (Date.now() > deadline) throw new Error(`no cycle: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function run(users: number): Promise<Record<string, unknown>> {
  const writesPer150s = writesPer150sFor(users);
  const { sim, admin, caFile } = await startBenchSimulator();
  const cycles: CycleReport[] = [];
  let engine: ReturnType<typeof startEngineProcess> | undefined;
  try {
    await admin.seed({ tenants: [generatedUsers(EMEA, 'Contoso EMEA', users)] });
    const preprovisioned = users >= PREPROVISION_FROM;
    if (preprovisioned) await preprovisionTarget(admin, users);
    const throttling = { writesPer150s, resourceUnitsPer10s: RESOURCE_UNITS_PER_10S };
    await admin.setRealism(CONTOSO.tenantId, { throttling });
    await admin.setRealism(EMEA.tenantId, { throttling });
    const config: EngineConfig = {
      simUrl: sim.url,
      intervalMs: INTERVAL_MS,
      writesPer150s: writesPer150s,
      resourceUnitsPer10s: RESOURCE_UNITS_PER_10S,
      // The cycle after the initial sync changes nothing; the one after it is a full resync.
      fullResyncAfterInitial: 2,
    };
    const engineScript = await buildEngine();
    const spawned = performance.now();
    let baselineRss: Promise<number> | undefined;
    engine = startEngineProcess(
      engineScript,
      ['--expose-gc', ...ENGINE_NODE_FLAGS],
      config,
      caFile,
      (line) => {
        if ((line as { ready?: boolean }).ready) {
          baselineRss = residentBytes(engine?.pid ?? -1);
          return;
        }
        const report = line as CycleReport;
        cycles.push(report);
        // The writes of the two cycles after the initial sync (nothing changed) are counted in the simulator's log too.
        if (report.deferred === 0 && cycles.filter((c) => c.deferred === 0).length === 1) {
          void admin.clearRequests();
        }
      },
    );
    const last = await cycleWhere(cycles, (c) => c.deferred === 0, 'initial sync', engine);
    const initialWall = (performance.now() - spawned) / 1000;
    const initial = initialSync(cycles.filter((c) => c.cycle <= last.cycle));
    const full = await cycleWhere(cycles, (c) => c.cycle === last.cycle + 2, 'full resync', engine);
    const quiet = cycles.filter((c) => c.cycle === last.cycle + 1 || c.cycle === last.cycle + 2);
    const logged = (await admin.requests(CONTOSO.tenantId)).filter(
      (r) => r.method !== 'GET' && !r.path.includes('/oauth2/') && r.path !== '/v1.0/$batch',
    );

    const source = graph(sim.url, EMEA);
    const target = graph(sim.url, CONTOSO);
    const anchored = (
      await listUsers(target, { select: ['id', 'onPremisesExtensionAttributes'], top: 999 })
    ).flatMap((u) => {
      const anchor = u.onPremisesExtensionAttributes?.extensionAttribute15;
      return typeof anchor === 'string' ? [{ source: anchor.split(':')[1] as string, target: u.id }] : [];
    });
    const step = Math.max(1, Math.floor(anchored.length / CHANGES));
    const picked = anchored.filter((_, i) => i % step === 0).slice(0, CHANGES);
    const changes = picked.map((id, i) => ({ ...id, patch: { department: `Bench ${i}` } }));
    const latencies = (await changeLatencies(source, target, changes, CHANGE_SPACING_MS)).sort(
      (a, b) => a - b,
    );
    const rss = await peakRssBytes(engine.pid ?? -1);

    const initialSeconds = (initial.endMs - initial.startMs) / 1000;
    const quota = bindingWriteQuota(writesPer150s, initialSeconds);
    const writesPerSecond = initial.writesOk / initialSeconds;
    // With a pre-provisioned target the initial cycle creates only the 20 seeded users: its write figures say nothing.
    const writeFigures = preprovisioned
      ? {}
      : {
          writesPerCreatedUser: round(initial.writesOk / Math.max(1, initial.done.created), 3),
          writeQuota: {
            writesPer150s,
            binding: quota.name,
            perSecond: round(quota.perSecond, 1),
            allowedInInitialSync: Math.round(quota.allowed),
          },
          achievedWritesPerSecond: round(writesPerSecond, 1),
          ratioToWriteQuota: round(writesPerSecond / quota.perSecond, 3),
          // The quota starts full (a burst), so the ratio above can pass 1: this is the share of what the
          // binding quota allowed in the initial cycle's time that the engine got through.
          shareOfAllowedWrites: round(initial.writesOk / quota.allowed, 3),
          // Writes Graph refused (429, retried later): the engine paces by the app + tenant quota only.
          writesRefused: initial.writesSent - initial.writesOk,
        };
    return {
      benchmark: 'sync',
      users,
      inScope: users + 20,
      target: preprovisioned ? 'pre-provisioned: the users anchored and up to date' : 'empty',
      created: initial.done.created,
      updated: initial.done.updated,
      failed: initial.done.failed,
      initialSyncSeconds: round(initialSeconds, 1),
      initialSyncCycles: initial.cycles,
      initialSyncWallSecondsFromStart: round(initialWall, 1),
      ...writeFigures,
      throttledInInitialSync: initial.throttled,
      writesInCyclesWithoutChange: {
        engineCounted: quiet.reduce((a, c) => a + c.writesSent, 0),
        simulatorLogged: logged.length,
        cycles: quiet.map((c) => c.kind),
      },
      // Cycles while the changes were made: how long one poll of both tenants, plan and apply takes at this size.
      incrementalCycleSeconds: cycleSeconds(cycles.filter((c) => c.cycle > full.cycle)),
      changeToTargetLatencyMs: {
        changes: latencies.length,
        p50: round(percentile(latencies, 50), 0),
        p95: round(percentile(latencies, 95), 0),
        max: round(latencies[latencies.length - 1] ?? NaN, 0),
        intervalMs: INTERVAL_MS,
      },
      enginePeakRssMiB: round(rss / 1024 / 1024, 1),
      engineNodeFlags: ENGINE_NODE_FLAGS.join(' '),
      // What the engine keeps between cycles (records of both tenants, pool, cursors): heap after a forced collection.
      engineLiveHeapAfterFullResyncMiB: round((full.liveHeapBytes ?? NaN) / 1024 / 1024, 1),
      // The engine process before its first cycle: Node and the compiled modules, no users yet.
      engineRssBeforeFirstCycleMiB: round(((await baselineRss) ?? NaN) / 1024 / 1024, 1),
      // Planning runs synchronously on the main thread: its CPU there, and the whole process's over the same span.
      planCpuSeconds: {
        initial: round(initial.planCpuSeconds, 3),
        fullResync: round(full.planCpuSeconds, 3),
      },
      planProcessCpuSeconds: {
        initial: round(initial.planProcessCpuSeconds, 3),
        fullResync: round(full.planProcessCpuSeconds, 3),
      },
    };
  } finally {
    if (engine) await stopChild(engine);
    await stopChild(sim.child);
  }
}

for (const users of RUNS) process.stdout.write(JSON.stringify(await run(users)) + '\n');
