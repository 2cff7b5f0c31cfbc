// Renders the chart and kustomizations with the real helm and kubectl into parsed objects.
import { parseAllDocuments } from 'yaml';
import { helm, kubectl, type CommandResult } from '../support/cluster.js';
import { chartDir } from './paths.js';

/** A rendered Kubernetes object, loosely typed: tests read into it with `at`. */
export interface RenderedObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

/** The release name and namespace the chart is rendered with, the same as deploy/base's. */
export const RELEASE = { name: 'crosstenant-operator', namespace: 'crosstenant-system' } as const;

/** Parses a multi-document YAML stream, dropping empty documents. */
export function parseObjects(text: string): RenderedObject[] {
  return parseAllDocuments(text)
    .map((doc) => doc.toJS() as unknown)
    .filter((value): value is RenderedObject => typeof value === 'object' && value !== null);
}

function ok(result: CommandResult, what: string): string {
  if (result.code !== 0) throw new Error(`${what} failed (${result.code}): ${result.stderr}`);
  return result.stdout;
}

/** `helm template` of the chart with the given extra arguments (`--set`, `--api-versions`, ...). */
export async function renderChart(args: string[] = [], chart = chartDir): Promise<RenderedObject[]> {
  const result = await helm(['template', RELEASE.name, chart, '--namespace', RELEASE.namespace, ...args]);
  return parseObjects(ok(result, `helm template ${args.join(' ')}`));
}

/** `kubectl kustomize` of a directory. */
export async function renderKustomization(dir: string): Promise<RenderedObject[]> {
  return parseObjects(ok(await kubectl(['kustomize', dir]), `kubectl kustomize ${dir}`));
}

/** The objects of a kind, optionally only the one with a name. */
export function ofKind(objects: RenderedObject[], kind: string, name?: string): RenderedObject[] {
  return objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
}

/** The single object of a kind and name; throws when it is missing or repeated. */
export function one(objects: RenderedObject[], kind: string, name?: string): RenderedObject {
  const found = ofKind(objects, kind, name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name ?? ''}, found ${found.length}`);
  return found[0] as RenderedObject;
}

/** Reads a nested field by path (`at(obj, 'spec', 'template', 'spec')`), undefined when absent. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** The operator container of a rendered Deployment. */
export function operatorContainer(deployment: RenderedObject): Record<string, unknown> {
  const containers = at(deployment, 'spec', 'template', 'spec', 'containers') as Record<string, unknown>[];
  const container = containers.find((c) => c.name === 'operator');
  if (!container) throw new Error('no operator container');
  return container;
}
