// What the chart ships for monitoring, as the tests query it: the PrometheusRule's rule groups, the
// ServiceMonitor's scrape settings and the dashboard's PromQL with its template variables filled in.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chartDir } from '../../packaging/paths.js';
import { RELEASE, at, one, renderChart } from '../../packaging/render.js';
import type { AstNode } from './prometheus.js';

/** A rule of a PrometheusRule group (an alert; a recording rule has `record` instead). */
export interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** The monitoring objects of the chart rendered with every monitoring toggle on, for `RELEASE`. */
export interface RenderedMonitoring {
  groups: { name: string; rules: Rule[] }[];
  /** The job label Prometheus Operator gives the ServiceMonitor's targets: the Service's name. */
  job: string;
  honorLabels: boolean;
}

/** Renders the chart with the ServiceMonitor and PrometheusRule on, where the Prometheus Operator API exists. */
export async function renderMonitoring(): Promise<RenderedMonitoring> {
  const objects = await renderChart([
    '--api-versions',
    'monitoring.coreos.com/v1',
    '--set',
    'serviceMonitor.enabled=true',
    '--set',
    'prometheusRule.enabled=true',
  ]);
  const monitor = one(objects, 'ServiceMonitor');
  const port = at(monitor, 'spec', 'endpoints', 0, 'port');
  const service = objects.find(
    (o) =>
      o.kind === 'Service' && (at(o, 'spec', 'ports') as { name: string }[]).some((p) => p.name === port),
  );
  if (!service) throw new Error(`no Service with a port named ${String(port)}`);
  return {
    groups: at(one(objects, 'PrometheusRule'), 'spec', 'groups') as RenderedMonitoring['groups'],
    job: service.metadata.name,
    honorLabels: at(monitor, 'spec', 'endpoints', 0, 'honorLabels') === true,
  };
}

/** The target labels Prometheus Operator adds to a ServiceMonitor's targets, besides job. */
export function serviceMonitorTargetLabels(job: string): Record<string, string> {
  return { namespace: RELEASE.namespace, service: job, endpoint: 'metrics' };
}

/** A dashboard query: the panel it belongs to and its PromQL, variables still in place. */
export interface DashboardQuery {
  panel: string;
  expr: string;
}

/** The parts of the Grafana dashboard JSON the tests read. */
interface Dashboard {
  panels: { type: string; title: string; targets?: { expr: string }[] }[];
  templating: { list: { name: string; type: string; definition?: string; multi?: boolean }[] };
}

function readDashboard(): Dashboard {
  return JSON.parse(
    readFileSync(join(chartDir, 'dashboards/crosstenant-operator.json'), 'utf8'),
  ) as Dashboard;
}

/** Every query of the chart's Grafana dashboard. */
export function dashboardQueries(): DashboardQuery[] {
  const { panels } = readDashboard();
  return panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));
}

/** A query variable of the dashboard: `label_values(selector, label)`, single- or multi-value. */
export interface DashboardVariable {
  name: string;
  selector: string;
  label: string;
  multi: boolean;
}

/** The dashboard's query variables, in the order Grafana resolves them. */
export function dashboardVariables(): DashboardVariable[] {
  return readDashboard()
    .templating.list.filter((v) => v.type === 'query')
    .map((v) => {
      const match = /^label_values\((.+),\s*(\w+)\)$/.exec(v.definition ?? '');
      if (!match) throw new Error(`variable ${v.name}: unexpected definition ${v.definition}`);
      return {
        name: v.name,
        selector: match[1] as string,
        label: match[2] as string,
        multi: v.multi === true,
      };
    });
}

/**
 * Fills in Grafana's variables: `$name` from `values` (a regex, as Grafana writes a multi-value
 * selection), and `$__rate_interval` as Grafana computes it for a 15 s scrape interval (4 × 15 s).
 */
export function substitute(expr: string, values: Record<string, string>): string {
  return expr.replaceAll('$__rate_interval', '1m').replace(/\$(\w+)/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for ${whole} in ${expr}`);
    return value;
  });
}

const COMPARISONS = new Set(['==', '!=', '>', '<', '>=', '<=']);

/**
 * The alert's expression without its threshold: an alert fires on the series its comparison keeps,
 * so a healthy system returns nothing for the whole expression; what must return series is the
 * left-hand side, the quantity compared. `ast` is Prometheus' parse of `expr`; the text is cut at
 * the last comparison operator, and the caller checks the cut parses to the AST's own left-hand side.
 */
export function withoutThreshold(expr: string, ast: AstNode): { lhs: string; lhsAst: AstNode } | undefined {
  if (ast.type !== 'binaryExpr' || !COMPARISONS.has(String(ast.op)) || ast.bool === true) return undefined;
  if ((ast.rhs as AstNode).type !== 'numberLiteral') return undefined;
  const match = /^([\s\S]*?)\s*(?:==|!=|>=|<=|>|<)\s*[-+]?[0-9.eE+]+\s*$/.exec(expr);
  if (!match) return undefined;
  return { lhs: match[1] as string, lhsAst: ast.lhs as AstNode };
}

function quoted(value: string): string {
  return JSON.stringify(value);
}

/**
 * Every series selector in an AST, as an instant selector `{__name__="m",label=~"v"}`: what the
 * expression reads from storage. An `or vector(0)` or an aggregation can hide a missing metric
 * from the whole expression; the selectors cannot.
 */
export function selectorsOf(ast: unknown): string[] {
  if (Array.isArray(ast)) return ast.flatMap(selectorsOf);
  if (typeof ast !== 'object' || ast === null) return [];
  const node = ast as AstNode;
  if (node.type === 'vectorSelector' || node.type === 'matrixSelector') {
    const matchers = node.matchers as { name: string; type: string; value: string }[];
    return [`{${matchers.map((m) => `${m.name}${m.type}${quoted(m.value)}`).join(',')}}`];
  }
  return Object.values(node).flatMap(selectorsOf);
}
