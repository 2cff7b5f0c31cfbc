import { Counter, Gauge, Histogram } from 'prom-client';
import { metricsRegistry } from '../observability/registry.js';

// Names, labels and buckets are controller-runtime's, so existing controller dashboards read them unchanged.

const registers = [metricsRegistry];

/** controller-runtime's reconcile latency buckets (pkg/internal/controller/metrics). */
export const RECONCILE_TIME_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.25,
  1.5, 1.75, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60,
];

/** The outcome of one reconcile as controller-runtime labels it. */
export type ReconcileOutcome = 'success' | 'error' | 'requeue' | 'requeue_after';

export const reconcileTotal = new Counter({
  name: 'controller_runtime_reconcile_total',
  help: 'Total number of reconciliations per controller',
  labelNames: ['controller', 'result'] as const,
  registers,
});

const controllerLabels = ['controller'] as const;
const perController = (name: string, help: string) => ({
  name,
  help,
  labelNames: controllerLabels,
  registers,
});

export const reconcileErrorsTotal = new Counter(
  perController(
    'controller_runtime_reconcile_errors_total',
    'Total number of reconciliation errors per controller',
  ),
);

export const terminalReconcileErrorsTotal = new Counter(
  perController(
    'controller_runtime_terminal_reconcile_errors_total',
    'Total number of terminal reconciliation errors per controller',
  ),
);

export const reconcilePanicsTotal = new Counter(
  perController(
    'controller_runtime_reconcile_panics_total',
    'Total number of reconciliation panics per controller',
  ),
);

export const reconcileTimeSeconds = new Histogram({
  ...perController(
    'controller_runtime_reconcile_time_seconds',
    'Length of time per reconciliation per controller',
  ),
  buckets: RECONCILE_TIME_BUCKETS,
});

export const maxConcurrentReconciles = new Gauge(
  perController(
    'controller_runtime_max_concurrent_reconciles',
    'Maximum number of concurrent reconciles per controller',
  ),
);

export const activeWorkers = new Gauge(
  perController('controller_runtime_active_workers', 'Number of currently used workers per controller'),
);

/** A queue as its metrics see it: labels plus the start times of the items being processed. */
export interface QueueMetricsSource {
  readonly labels: { name: string; controller: string };
  processingStarts(): Iterable<number>;
  now(): number;
}

const liveQueues = new Set<QueueMetricsSource>();

/** Makes a queue's in-flight work visible to the unfinished-work and longest-processor gauges. */
export function trackQueue(queue: QueueMetricsSource): () => void {
  liveQueues.add(queue);
  return () => liveQueues.delete(queue);
}

const queueLabels = ['name', 'controller'] as const;
// client-go's ExponentialBuckets(1e-8, 10, 12), written out: repeated float multiplication gives labels
// such as le="0.000009999999999999999".
const queueBuckets = [1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1, 10, 100, 1000];

const perQueue = (name: string, help: string) => ({ name, help, labelNames: queueLabels, registers });

export const workqueueDepth = new Gauge(perQueue('workqueue_depth', 'Current depth of workqueue'));

export const workqueueAddsTotal = new Counter(
  perQueue('workqueue_adds_total', 'Total number of adds handled by workqueue'),
);

export const workqueueQueueDurationSeconds = new Histogram({
  ...perQueue(
    'workqueue_queue_duration_seconds',
    'How long in seconds an item stays in workqueue before being requested',
  ),
  buckets: queueBuckets,
});

export const workqueueWorkDurationSeconds = new Histogram({
  ...perQueue(
    'workqueue_work_duration_seconds',
    'How long in seconds processing an item from workqueue takes',
  ),
  buckets: queueBuckets,
});

export const workqueueRetriesTotal = new Counter(
  perQueue('workqueue_retries_total', 'Total number of retries handled by workqueue'),
);

/** A gauge computed at scrape time from each live queue's in-flight processing times (milliseconds). */
function inFlightGauge(name: string, help: string, fold: (durationsMs: number[]) => number): void {
  new Gauge({
    ...perQueue(name, help),
    collect() {
      this.reset();
      for (const queue of liveQueues) {
        const now = queue.now();
        const durations = [...queue.processingStarts()].map((start) => now - start);
        this.set(queue.labels, fold(durations) / 1000);
      }
    },
  });
}

// Computed at scrape time from the live queues instead of client-go's 500 ms ticker.
inFlightGauge(
  'workqueue_unfinished_work_seconds',
  "How many seconds of work has been done that is in progress and hasn't been observed by work_duration. " +
    'Large values indicate stuck threads.',
  (durations) => durations.reduce((sum, d) => sum + d, 0),
);

inFlightGauge(
  'workqueue_longest_running_processor_seconds',
  'How many seconds has the longest running processor for workqueue been running.',
  (durations) => Math.max(0, ...durations),
);

export const leaderElectionMasterStatus = new Gauge({
  name: 'leader_election_master_status',
  help: 'Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master.',
  labelNames: ['name'] as const,
  registers,
});
