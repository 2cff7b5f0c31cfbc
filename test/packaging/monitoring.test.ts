// The chart's monitoring toggles, and that the alerts and the dashboard use only the metric names the
// operator exports (controller-runtime's and crosstenant_*), with runbooks that exist.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chartDir, repoRoot } from './paths.js';
import { RELEASE, at, ofKind, one, renderChart, type RenderedObject } from './render.js';

const MONITORING_API = ['--api-versions', 'monitoring.coreos.com/v1'];
const ALL_MONITORING = [
  '--set',
  'serviceMonitor.enabled=true',
  '--set',
  'prometheusRule.enabled=true',
  '--set',
  'grafanaDashboard.enabled=true',
];

/** Every metric the operator exports: controller-runtime's and client-go's names for the runtime, ours for sync and Graph. */
const EXPORTED_METRICS = new Set([
  'controller_runtime_reconcile_total',
  'controller_runtime_reconcile_errors_total',
  'controller_runtime_reconcile_time_seconds',
  'workqueue_depth',
  'workqueue_adds_total',
  'workqueue_queue_duration_seconds',
  'workqueue_work_duration_seconds',
  'workqueue_retries_total',
  'leader_election_master_status',
  'crosstenant_sync_users_in_scope',
  'crosstenant_sync_users_provisioned',
  'crosstenant_sync_actions_total',
  'crosstenant_sync_cycle_duration_seconds',
  'crosstenant_sync_last_success_timestamp_seconds',
  'crosstenant_sync_quarantined',
  'crosstenant_sync_deletion_threshold_exceeded',
  'crosstenant_graph_requests_total',
  'crosstenant_graph_request_duration_seconds',
  'crosstenant_graph_throttled_total',
  'crosstenant_graph_retry_after_seconds',
  'crosstenant_graph_client_throttle_wait_seconds_total',
  'crosstenant_tenantlink_ready',
  'crosstenant_accesspackage_assignments',
  'crosstenant_review_decisions',
  'crosstenant_workflow_runs_total',
]);
const HISTOGRAMS = [
  'controller_runtime_reconcile_time_seconds',
  'workqueue_queue_duration_seconds',
  'workqueue_work_duration_seconds',
  'crosstenant_sync_cycle_duration_seconds',
  'crosstenant_graph_request_duration_seconds',
  'crosstenant_graph_retry_after_seconds',
];

/** Metric names an expression reads, with histogram series suffixes folded into their metric. */
function metricsIn(expr: string): string[] {
  const names = expr.match(/\b(?:crosstenant|controller_runtime|workqueue|leader_election)_[a-z_]+\b/g) ?? [];
  return names.map((name) => {
    const base = name.replace(/_(bucket|sum|count)$/, '');
    return HISTOGRAMS.includes(base) ? base : name;
  });
}

interface Alert {
  alert: string;
  expr: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

function alertsOf(objects: RenderedObject[]): Alert[] {
  const groups = at(one(objects, 'PrometheusRule'), 'spec', 'groups') as { rules: Alert[] }[];
  return groups.flatMap((group) => group.rules);
}

describe('monitoring toggles', () => {
  it('renders no ServiceMonitor or PrometheusRule where the cluster lacks the Prometheus Operator API', async () => {
    const objects = await renderChart(ALL_MONITORING);
    expect(ofKind(objects, 'ServiceMonitor')).toEqual([]);
    expect(ofKind(objects, 'PrometheusRule')).toEqual([]);
    expect(ofKind(objects, 'ConfigMap')).toHaveLength(1);
  });

  it('renders nothing optional by default even where the API exists', async () => {
    const objects = await renderChart(MONITORING_API);
    expect(objects.filter((o) => ['ServiceMonitor', 'PrometheusRule', 'ConfigMap'].includes(o.kind))).toEqual(
      [],
    );
  });

  it("scrapes the metrics Service and keeps the resources' own namespace label", async () => {
    const monitor = one(await renderChart([...MONITORING_API, ...ALL_MONITORING]), 'ServiceMonitor');
    expect(at(monitor, 'spec', 'endpoints', 0)).toMatchObject({
      port: 'metrics',
      path: '/metrics',
      honorLabels: true,
    });
    expect(at(monitor, 'spec', 'namespaceSelector')).toEqual({ matchNames: [RELEASE.namespace] });
  });
});

describe('PrometheusRule', () => {
  let alerts: Alert[];
  beforeAll(async () => {
    alerts = alertsOf(await renderChart([...MONITORING_API, ...ALL_MONITORING]));
  });

  it('holds the seven alerts', () => {
    expect(alerts.map((a) => a.alert).sort()).toEqual([
      'DeletionThresholdExceeded',
      'GraphThrottlingHigh',
      'NoLeader',
      'ReconcileErrorsHigh',
      'SyncQuarantined',
      'SyncStalled',
      'TenantLinkNotReady',
    ]);
  });

  it('reads only metrics the operator exports, narrowed to this release', () => {
    for (const alert of alerts) {
      const metrics = metricsIn(alert.expr);
      expect(metrics.length).toBeGreaterThan(0);
      for (const metric of metrics) expect(EXPORTED_METRICS).toContain(metric);
      expect(alert.expr).toContain(`job="${RELEASE.name}-metrics"`);
    }
  });

  it('links every alert to its runbook section in docs/operations.md', () => {
    const headings = readFileSync(join(repoRoot, 'docs/operations.md'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('### '))
      .map((line) => line.slice(4).trim().toLowerCase());
    for (const alert of alerts) {
      const url = alert.annotations.runbook_url ?? '';
      expect(url).toMatch(/\/docs\/operations\.md#[a-z]+$/);
      expect(headings).toContain(url.split('#')[1]);
      expect(url.split('#')[1]).toBe(alert.alert.toLowerCase());
      expect(alert.labels.severity).toMatch(/^(warning|critical)$/);
    }
  });

  it('has no NoLeader alert when leader election is off, since no pod exports the gauge', async () => {
    const objects = await renderChart([
      ...MONITORING_API,
      ...ALL_MONITORING,
      '--set',
      'leaderElection.enabled=false',
    ]);
    expect(alertsOf(objects).map((a) => a.alert)).not.toContain('NoLeader');
  });

  it('has no NoLeader alert when the replicas shard, since none elects a leader', async () => {
    const objects = await renderChart([...MONITORING_API, ...ALL_MONITORING, '--set', 'replicaCount=3']);
    expect(alertsOf(objects).map((a) => a.alert)).not.toContain('NoLeader');
  });
});

describe('Grafana dashboard', () => {
  interface Panel {
    type: string;
    title: string;
    targets?: { expr: string }[];
  }
  let configMap: RenderedObject;
  let panels: Panel[];
  beforeAll(async () => {
    configMap = one(await renderChart(ALL_MONITORING), 'ConfigMap');
    const json = (configMap.data as Record<string, string>)['crosstenant-operator.json'] ?? '';
    panels = (JSON.parse(json) as { panels: Panel[] }).panels;
  });

  it("ships as a ConfigMap labelled for the Grafana sidecar, identical to the chart's JSON file", () => {
    expect(configMap.metadata.labels?.grafana_dashboard).toBe('1');
    const file = readFileSync(join(chartDir, 'dashboards/crosstenant-operator.json'), 'utf8');
    expect(JSON.parse((configMap.data as Record<string, string>)['crosstenant-operator.json'] ?? '')).toEqual(
      JSON.parse(file),
    );
  });

  it('has the rows Sync, Graph, Controllers and Governance', () => {
    expect(panels.filter((p) => p.type === 'row').map((p) => p.title)).toEqual([
      'Sync',
      'Graph',
      'Controllers',
      'Governance',
    ]);
  });

  it('queries only exported metrics, and shows every crosstenant_* metric', () => {
    const used = new Set(panels.flatMap((p) => (p.targets ?? []).flatMap((t) => metricsIn(t.expr))));
    for (const metric of used) expect(EXPORTED_METRICS).toContain(metric);
    for (const metric of EXPORTED_METRICS) expect(used).toContain(metric);
  });
});
