// The real Prometheus server and promtool built by test/monitoring/build.sh (the global setup runs it):
// a server on loopback with its own temporary storage, and promtool as a command.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { CommandResult } from '../../support/cluster.js';
import { freePort } from '../../support/ports.js';
import { waitFor } from '../../support/poll.js';

/** Directory holding the prometheus and promtool binaries. */
export function prometheusBinDir(): string {
  const dir = process.env.CROSSTENANT_PROMETHEUS_BIN;
  if (!dir)
    throw new Error(
      'CROSSTENANT_PROMETHEUS_BIN is not set: run integration tests through the jest integration project',
    );
  return dir;
}

/** Runs the real promtool with `args` in `cwd`. */
export function promtool(args: string[], cwd?: string): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(join(prometheusBinDir(), 'promtool'), args, { cwd }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** One scrape target, as a ServiceMonitor would make it: a job name, labels and honor_labels. */
export interface ScrapeTarget {
  job: string;
  /** host:port of the /metrics endpoint. */
  address: string;
  labels: Record<string, string>;
  honorLabels: boolean;
}

/** The answer of the HTTP API: `status` and either `data` or `errorType`/`error`. */
export interface ApiAnswer<T> {
  status: 'success' | 'error';
  data?: T;
  errorType?: string;
  error?: string;
}

/** An instant-vector sample of /api/v1/query. */
export interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

/** A node of the AST that /api/v1/parse_query returns (Prometheus' own parser). */
export interface AstNode {
  type: string;
  [field: string]: unknown;
}

/** A running Prometheus server. */
export interface PrometheusServer {
  url: string;
  /** Everything the server wrote to stdout and stderr so far. */
  logs(): string;
  /** GET on the HTTP API (`/api/v1/...`) with query parameters; rejects on a non-JSON answer. */
  api<T>(path: string, params?: Record<string, string | string[]>): Promise<ApiAnswer<T>>;
  /** An instant query; the answer as the API gives it, errors included. */
  query(expr: string): Promise<ApiAnswer<{ resultType: string; result: Sample[] }>>;
  /** Parses an expression with Prometheus' parser and returns its AST. */
  parse(expr: string): Promise<ApiAnswer<AstNode>>;
  stop(): Promise<void>;
}

/** Options of `startPrometheus`. */
export interface PrometheusOptions {
  targets: ScrapeTarget[];
  /** A rule file to load and evaluate. */
  ruleFile?: string;
  scrapeIntervalSeconds?: number;
}

/** Starts Prometheus on a free loopback port with storage in a temporary directory; resolves once ready. */
export async function startPrometheus(options: PrometheusOptions): Promise<PrometheusServer> {
  const dir = await mkdtemp(join(tmpdir(), 'crosstenant-prometheus-'));
  const interval = `${options.scrapeIntervalSeconds ?? 1}s`;
  const config = {
    global: { scrape_interval: interval, evaluation_interval: interval, scrape_timeout: interval },
    rule_files: options.ruleFile ? [options.ruleFile] : [],
    scrape_configs: options.targets.map((t) => ({
      job_name: t.job,
      honor_labels: t.honorLabels,
      static_configs: [{ targets: [t.address], labels: t.labels }],
    })),
  };
  await writeFile(join(dir, 'prometheus.yml'), stringify(config));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    join(prometheusBinDir(), 'prometheus'),
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  const api = async <T>(path: string, params: Record<string, string | string[]> = {}) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params))
      for (const v of Array.isArray(value) ? value : [value]) search.append(key, v);
    const response = await fetch(`${url}${path}?${search.toString()}`);
    return (await response.json()) as ApiAnswer<T>;
  };
  const server: PrometheusServer = {
    url,
    logs: () => output,
    api,
    query: (expr) => api('/api/v1/query', { query: expr }),
    parse: (expr) => api('/api/v1/parse_query', { query: expr }),
    stop: async () => {
      if (!hasExited) child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    await waitFor('Prometheus /-/ready', async () => {
      if (hasExited) throw new Error(`prometheus exited early:\n${output.slice(-4000)}`);
      const response = await fetch(`${url}/-/ready`).catch(() => undefined);
      return response?.status === 200 ? true : undefined;
    });
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return server;
}
