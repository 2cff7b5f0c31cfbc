import { Counter, Histogram } from 'prom-client';
import { metricsRegistry } from '../observability/registry.js';
import type { WriteGrant } from './write-pacer.js';

const pacedWrites = new Counter({
  name: 'crosstenant_graph_paced_writes_total',
  help: "Writes the tenant's write pacer let through, by tenant id, lane (deprovision, update, create) and writer (a SyncScope's namespace/name; empty for other controllers).",
  labelNames: ['tenant', 'lane', 'writer'] as const,
  registers: [metricsRegistry],
});

const queueWait = new Histogram({
  name: 'crosstenant_graph_write_queue_wait_seconds',
  help: "Time a write (or a $batch of writes) waited in the tenant's write pacer for quota, by tenant id and lane.",
  labelNames: ['tenant', 'lane'] as const,
  buckets: [0.01, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 150, 300, 900],
  registers: [metricsRegistry],
});

/** Counts a write the pacer let through and how long it waited. */
export function recordWriteGrant(tenant: string, grant: WriteGrant): void {
  pacedWrites.inc({ tenant, lane: grant.lane, writer: grant.flow }, grant.cost);
  queueWait.observe({ tenant, lane: grant.lane }, grant.waitedMs / 1000);
}
