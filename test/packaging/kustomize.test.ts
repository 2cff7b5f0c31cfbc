// deploy/ for `kubectl apply -k`: it renders, the API server accepts it, and it is the chart's defaults.
import { join } from 'node:path';
import { kubectl } from '../support/cluster.js';
import { repoRoot } from './paths.js';
import {
  RELEASE,
  at,
  ofKind,
  one,
  operatorContainer,
  renderChart,
  renderKustomization,
  type RenderedObject,
} from './render.js';

const base = join(repoRoot, 'deploy/base');
const example = join(repoRoot, 'deploy/overlays/example');

// Labels only Helm sets; everything else must be equal between the chart and deploy/base.
function withoutHelmLabels(object: RenderedObject): RenderedObject {
  const strip = (labels: unknown): unknown => {
    if (typeof labels !== 'object' || labels === null) return labels;
    const {
      'helm.sh/chart': _chart,
      'app.kubernetes.io/managed-by': _managedBy,
      ...rest
    } = labels as Record<string, string>;
    return rest;
  };
  const copy = structuredClone(object);
  copy.metadata.labels = strip(copy.metadata.labels) as Record<string, string>;
  const podMetadata = at(copy, 'spec', 'template', 'metadata') as { labels?: unknown } | undefined;
  if (podMetadata) podMetadata.labels = strip(podMetadata.labels);
  return copy;
}

// kubectl warns that objects created without it (the namespace above, CRDs other tests applied) lack
// the last-applied annotation; any other line on stderr is a real complaint.
function unexpectedStderr(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter(
      (line) =>
        line !== '' &&
        !/^Warning: resource .* is missing the kubectl\.kubernetes\.io\/last-applied-configuration/.test(
          line,
        ),
    );
}

async function ensureNamespace(name: string): Promise<void> {
  const found = await kubectl(['get', 'namespace', name]);
  if (found.code !== 0) {
    const created = await kubectl(['create', 'namespace', name]);
    if (created.code !== 0 && !created.stderr.includes('AlreadyExists')) throw new Error(created.stderr);
  }
}

describe('deploy/base', () => {
  let objects: RenderedObject[];
  beforeAll(async () => {
    objects = await renderKustomization(base);
  });

  it('renders the namespace, the seven CRDs, RBAC, the Deployment and the metrics Service', () => {
    expect(one(objects, 'Namespace', RELEASE.namespace).metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
    expect(ofKind(objects, 'CustomResourceDefinition')).toHaveLength(7);
    for (const kind of ['Deployment', 'ServiceAccount', 'Service', 'Role', 'RoleBinding']) {
      expect(one(objects, kind).metadata.namespace).toBe(RELEASE.namespace);
    }
  });

  it('is the chart rendered with its defaults, less the CRDs and Helm-only labels', async () => {
    const chart = (await renderChart()).filter((o) => o.kind !== 'CustomResourceDefinition');
    const fromKustomize = objects.filter(
      (o) => o.kind !== 'CustomResourceDefinition' && o.kind !== 'Namespace',
    );
    const key = (o: RenderedObject) => `${o.kind}/${o.metadata.name}`;
    expect(fromKustomize.map(key).sort()).toEqual(chart.map(key).sort());
    for (const object of chart) {
      const twin = one(fromKustomize, object.kind, object.metadata.name);
      expect(withoutHelmLabels(twin)).toEqual(withoutHelmLabels(object));
    }
  });

  it('is accepted by the API server (server-side dry run)', async () => {
    // A dry run creates nothing, so the namespaced objects need their namespace to exist already.
    await ensureNamespace(RELEASE.namespace);
    const result = await kubectl(['apply', '--dry-run=server', '-k', base]);
    expect(unexpectedStderr(result.stderr)).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('deployment.apps/crosstenant-operator created (server dry run)');
    expect(result.stdout).toContain(
      'customresourcedefinition.apiextensions.k8s.io/syncscopes.crosstenant.io',
    );
  });
});

describe('deploy/overlays/example', () => {
  it('runs two replicas behind a PodDisruptionBudget with Workload Identity', async () => {
    const objects = await renderKustomization(example);
    const deployment = one(objects, 'Deployment');
    expect(at(deployment, 'spec', 'replicas')).toBe(2);
    expect(operatorContainer(deployment).args).toContain('--leader-elect=true');
    expect(at(deployment, 'spec', 'template', 'metadata', 'labels', 'azure.workload.identity/use')).toBe(
      'true',
    );
    expect(one(objects, 'ServiceAccount').metadata.annotations).toHaveProperty([
      'azure.workload.identity/client-id',
    ]);
    expect(one(objects, 'PodDisruptionBudget').metadata.namespace).toBe(RELEASE.namespace);
  });

  it('is accepted by the API server (server-side dry run)', async () => {
    await ensureNamespace(RELEASE.namespace);
    const result = await kubectl(['apply', '--dry-run=server', '-k', example]);
    expect(unexpectedStderr(result.stderr)).toEqual([]);
    expect(result.code).toBe(0);
  });
});
