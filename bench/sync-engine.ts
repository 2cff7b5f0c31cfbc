// The sync engine's loop as the SyncScope controller runs it (runSyncCycle, then wait one interval, or not
// at all while creates are left for the next cycle), in a process of its own so that its memory and CPU
// are its own; bench/sync.ts starts it. It differs from the operator in one way: its Graph clients are
// told the simulator's raised quotas, which a TenantLink cannot say yet. Prints one JSON line per cycle
// on stdout. Configuration: SYNC_BENCH_ENGINE (JSON, EngineConfig).
import { readFileSync } from 'node:fs';
import type { GraphClient } from '../src/graph/index.js';
import type { GraphCallOptions, GraphMethod } from '../src/graph/client.js';
import { emptySyncState, runSyncCycle } from '../src/sync/cycle.js';
import { CONTOSO, EMEA, defaultMapping, groupId, syncSpec, type Tenant } from '../test/sync/engine.js';
import { benchClient } from './clients.js';

/** What the driver tells the engine process. */
export interface EngineConfig {
  simUrl: string;
  intervalMs: number;
  writesPer150s: number;
  resourceUnitsPer10s: number;
  /**
   * The cycle this many cycles after the initial sync's last one is a full resync; after it the engine
   * collects garbage and reports the heap still in use (it runs with --expose-gc).
   */
  fullResyncAfterInitial: number;
}

/** One cycle as the engine process reports it. */
export interface CycleReport {
  cycle: number;
  kind: string;
  startMs: number;
  endMs: number;
  planned: number;
  /** Creates left for the next cycle (CREATES_PER_CYCLE): the initial sync goes on. */
  deferred: number;
  done: { created: number; updated: number; deprovisioned: number; restored: number; failed: number };
  /** Write requests (inner $batch steps included) the target answered with 2xx, and all that were sent. */
  writesOk: number;
  writesSent: number;
  throttled: number;
  /** CPU of the main thread while planning (planning runs there, synchronously). */
  planCpuSeconds: number;
  /** CPU of the whole process over the same span: V8's helper threads too, some still collecting what the reads left. */
  planProcessCpuSeconds: number;
  /** Heap in use after a full garbage collection: what the engine keeps between cycles. */
  liveHeapBytes?: number;
}

const config = JSON.parse(process.env.SYNC_BENCH_ENGINE ?? '{}') as EngineConfig;
const writes = { ok: 0, sent: 0 };

function client(tenant: Tenant): GraphClient {
  return benchClient(config.simUrl, tenant, 'bench', config);
}

interface WireBatch {
  requests?: { method: string }[];
}
interface WireAnswer {
  responses?: { status: number }[];
}

/** The target client, counting every write it sends, one per inner request of a $batch. */
function countingWrites(inner: GraphClient): GraphClient {
  const send: GraphClient['send'] = async <T>(
    method: GraphMethod,
    url: string,
    body?: unknown,
    options?: GraphCallOptions,
  ) => {
    const response = await inner.send<T>(method, url, body, options);
    if (url === '/$batch') {
      const steps = (body as WireBatch).requests ?? [];
      const answers = (response.body as WireAnswer | undefined)?.responses ?? [];
      writes.sent += steps.filter((s) => s.method !== 'GET').length;
      // Only writes are batched by the engine, so every 2xx step is a write that took effect.
      writes.ok += answers.filter((a) => a.status >= 200 && a.status < 300).length;
    } else if (method !== 'GET') {
      writes.sent += 1;
      writes.ok += 1;
    }
    return response;
  };
  return Object.assign(Object.create(inner) as GraphClient, { send });
}

/** The main thread's CPU time (Linux: the first field of its schedstat, in nanoseconds). */
function mainThreadCpuSeconds(): number {
  const schedstat = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8');
  return Number(schedstat.split(' ')[0]) / 1e9;
}

function processCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

function liveHeapBytes(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

const source = client(EMEA);
const target = countingWrites(client(CONTOSO));
const group = await groupId(source, 'Sync to Contoso');
const spec = syncSpec({ groups: [group] });
const mapping = defaultMapping();
const state = emptySyncState();
process.stdout.write(JSON.stringify({ ready: true }) + '\n');
let fullCycle = Infinity;
for (let cycle = 1; ; cycle++) {
  const startMs = Date.now();
  const before = { ...writes };
  const processCpu: number[] = [];
  const result = await runSyncCycle({
    source,
    target,
    sourceTenantId: EMEA.tenantId,
    targetTenantId: CONTOSO.tenantId,
    spec,
    mapping,
    state,
    now: new Date(startMs),
    full: cycle === fullCycle,
    cpuClock: () => {
      processCpu.push(processCpuSeconds());
      return mainThreadCpuSeconds();
    },
  });
  const report: CycleReport = {
    cycle,
    kind: result.kind,
    startMs,
    endMs: Date.now(),
    planned: result.plan.actions.length,
    deferred: result.plan.deferred.length,
    done: result.done,
    writesOk: writes.ok - before.ok,
    writesSent: writes.sent - before.sent,
    throttled: result.graph.throttled,
    planCpuSeconds: result.planCpuSeconds,
    planProcessCpuSeconds: (processCpu[1] ?? NaN) - (processCpu[0] ?? NaN),
    ...(cycle === fullCycle ? { liveHeapBytes: liveHeapBytes() } : {}),
  };
  process.stdout.write(JSON.stringify(report) + '\n');
  if (fullCycle === Infinity && report.deferred === 0) fullCycle = cycle + config.fullResyncAfterInitial;
  // As the controller does: creates left for the next cycle go on at once.
  if (report.deferred === 0) await new Promise((resolve) => setTimeout(resolve, config.intervalMs));
}
