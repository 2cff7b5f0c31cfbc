import { Counter, Gauge } from 'prom-client';
import { metricsRegistry } from '../observability/registry.js';

/** Assignments of each AccessPackagePolicy's package by state (names fixed: the dashboard reads them). */
export const accessPackageAssignments = new Gauge({
  name: 'crosstenant_accesspackage_assignments',
  help: 'Access package assignments by state, per AccessPackagePolicy',
  labelNames: ['namespace', 'name', 'state'] as const,
  registers: [metricsRegistry],
});

/** Decisions of each ReviewSchedule's current instance. */
export const reviewDecisions = new Gauge({
  name: 'crosstenant_review_decisions',
  help: 'Decisions in the current access review instance by result, per ReviewSchedule',
  labelNames: ['namespace', 'name', 'decision'] as const,
  registers: [metricsRegistry],
});

/** Workflow runs seen finished, per LifecycleWorkflow and processing status. */
export const workflowRunsTotal = new Counter({
  name: 'crosstenant_workflow_runs_total',
  help: 'Lifecycle workflow runs seen finished, by processing status, per LifecycleWorkflow',
  labelNames: ['namespace', 'name', 'status'] as const,
  registers: [metricsRegistry],
});

/** Drops the series of a deleted resource: prom-client removes a series only by its full label set. */
export function forgetGovernanceSeries(namespace: string, name: string): void {
  for (const state of ['delivered', 'delivering', 'partiallyDelivered', 'expired', 'deliveryFailed']) {
    accessPackageAssignments.remove({ namespace, name, state });
  }
  for (const decision of ['approved', 'denied', 'notReviewed', 'dontKnow']) {
    reviewDecisions.remove({ namespace, name, decision });
  }
  for (const status of ['completed', 'completedWithErrors', 'canceled', 'failed']) {
    workflowRunsTotal.remove({ namespace, name, status });
  }
}
