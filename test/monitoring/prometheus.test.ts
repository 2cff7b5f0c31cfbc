// A real Prometheus scrapes the real operator process while it syncs against the control plane and the
// simulator; every dashboard query and every alert of the chart is then asked of it.
import { jest } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createKubeClients } from '../../src/kube/client.js';
import { createTestNamespace, testKubeConfig, testKubeconfigPath } from '../support/cluster.js';
import type { OperatorProcess } from '../support/operator.js';
import { installCrds, scrape, startOperator } from '../support/operator.js';
import { waitFor } from '../support/poll.js';
import { useSimulator, waitForTenantLink } from '../support/simulator.js';
import type { Finding } from './support/checks.js';
import { checkReturnsSeries, checkRule, metricNamesOf, parsed } from './support/checks.js';
import type { RenderedMonitoring } from './support/expressions.js';
import {
  dashboardQueries,
  dashboardVariables,
  renderMonitoring,
  serviceMonitorTargetLabels,
  substitute,
} from './support/expressions.js';
import type { PrometheusServer } from './support/prometheus.js';
import { startPrometheus } from './support/prometheus.js';
import { LINKS, createFailingDeletion, createLinks, createWorkload } from './support/workload.js';

jest.setTimeout(300_000);
const sim = useSimulator();
const clients = createKubeClients(testKubeConfig());
let namespace: string;
let dir: string;
let monitoring: RenderedMonitoring;
let operator: OperatorProcess | undefined;
let prometheus: PrometheusServer | undefined;
/** Values of the dashboard's variables, as Grafana would fill them in from Prometheus. */
const variables: Record<string, string> = {};

function server(): PrometheusServer {
  if (!prometheus) throw new Error('Prometheus did not start');
  return prometheus;
}

/** Every metric name the dashboard's queries and the alerts read. */
async function metricsRead(): Promise<Set<string>> {
  const exprs = [
    ...dashboardQueries().map((q) => q.expr),
    ...monitoring.groups.flatMap((g) => g.rules.map((r) => r.expr)),
  ];
  const names = new Set<string>();
  for (const expr of exprs) {
    const parse = await parsed(
      server(),
      'read',
      substitute(expr, { job: '.*', namespace: '.*', tenant: '.*' }),
    );
    if ('ast' in parse) for (const name of metricNamesOf(parse.ast)) names.add(name);
  }
  return names;
}

/** The metric names on the operator's own /metrics page. */
async function exportedNames(): Promise<Set<string>> {
  const page = await scrape(operator as OperatorProcess);
  return new Set(page.split('\n').flatMap((line) => /^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]/.exec(line)?.[1] ?? []));
}

beforeAll(async () => {
  await installCrds();
  namespace = await createTestNamespace('monitoring');
  dir = await mkdtemp(join(tmpdir(), 'crosstenant-monitoring-'));
  monitoring = await renderMonitoring();
  await writeFile(join(dir, 'rules.yaml'), stringify({ groups: monitoring.groups }));
  await createLinks(clients, sim(), namespace);
  operator = await startOperator({
    kubeconfigPath: testKubeconfigPath(),
    args: [
      `--watch-namespace=${namespace}`,
      '--leader-elect',
      `--leader-election-namespace=${namespace}`,
      '--concurrency=2',
    ],
  });
  prometheus = await startPrometheus({
    targets: [
      {
        job: monitoring.job,
        address: new URL(operator.metricsUrl).host,
        labels: serviceMonitorTargetLabels(monitoring.job),
        honorLabels: monitoring.honorLabels,
      },
    ],
    ruleFile: join(dir, 'rules.yaml'),
  });
  await operator.ready();
  for (const name of [LINKS.contoso, LINKS.emea, LINKS.us])
    await waitForTenantLink(clients, namespace, name, 'True/Connected', 60_000);
  await createWorkload(clients, sim(), namespace);
  await createFailingDeletion(clients, namespace);

  // The operator first: every metric the dashboard and alerts read is on its page, then in Prometheus
  // with at least two samples per series (what rate() needs). Timeouts here are not failures: the
  // tests below name what is missing.
  const wanted = [...(await metricsRead())];
  await waitFor(
    'every metric read on the operator page',
    async () => {
      const names = await exportedNames();
      return wanted.every((m) => names.has(m)) ? true : undefined;
    },
    120_000,
    1_000,
  ).catch(() => undefined);
  const selector = `{__name__=~"${wanted.join('|')}",job="${monitoring.job}"}`;
  await waitFor(
    'two samples of every series in Prometheus',
    async () => {
      const answer = await server().query(`min by (__name__) (count_over_time(${selector}[1m]))`);
      const result = answer.data?.result ?? [];
      const enough = result.filter((s) => Number(s.value[1]) >= 2).length === wanted.length;
      return enough ? true : undefined;
    },
    60_000,
    1_000,
  ).catch(() => undefined);

  for (const v of dashboardVariables()) {
    const answer = await server().api<string[]>(`/api/v1/label/${v.label}/values`, {
      'match[]': substitute(v.selector, variables),
    });
    const values = answer.data ?? [];
    // A single-value variable takes its first value; a multi-value one is written as Grafana writes it.
    variables[v.name] = v.multi ? `(${values.join('|')})` : (values[0] ?? '');
  }
});
afterAll(async () => {
  await prometheus?.stop();
  await operator?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function report(findings: Finding[]): string[] {
  return findings.map((f) => `${f.where}: ${f.expr} ${f.problem}`);
}

it('scrapes the operator as the chart ServiceMonitor would: job of the metrics Service, release namespace', async () => {
  const up = await server().query(`up{job="${monitoring.job}",namespace="crosstenant-system"}`);
  expect(up.data?.result.map((s) => s.value[1])).toEqual(['1']);
});

it('fills in the dashboard variables from the scraped series', () => {
  expect(variables.job).toBe(monitoring.job);
  expect(variables.namespace).toContain(namespace);
  expect(variables.tenant).toMatch(/^\(.+\)$/);
});

it('exports every metric the dashboard and the alerts read', async () => {
  const names = await exportedNames();
  expect([...(await metricsRead())].filter((m) => !names.has(m))).toEqual([]);
});

it('loads the alert rules into Prometheus and evaluates each without error', async () => {
  const answer = await server().api<{
    groups: { rules: { name: string; health: string; lastError?: string }[] }[];
  }>('/api/v1/rules');
  const rules = answer.data?.groups.flatMap((g) => g.rules) ?? [];
  expect(rules.map((r) => r.name).sort()).toEqual(
    monitoring.groups.flatMap((g) => g.rules.map((r) => r.alert ?? r.record)).sort(),
  );
  expect(rules.filter((r) => r.health !== 'ok')).toEqual([]);
});

it('answers every dashboard query with series', async () => {
  const findings: Finding[] = [];
  for (const query of dashboardQueries()) {
    const expr = substitute(query.expr, variables);
    findings.push(...(await checkReturnsSeries(server(), `panel ${query.panel}`, expr)));
  }
  expect(report(findings)).toEqual([]);
});

it('answers every alert with series for the quantity it compares', async () => {
  const findings: Finding[] = [];
  for (const rule of monitoring.groups.flatMap((g) => g.rules))
    findings.push(...(await checkRule(server(), rule)));
  expect(report(findings)).toEqual([]);
});
