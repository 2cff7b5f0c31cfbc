// The chart as `helm lint` and `helm template` see it, for the value combinations users choose.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { helm } from '../support/cluster.js';
import { chartCrdTemplate, readSourceCrds } from '../../scripts/sync-chart-crds.js';
import { chartDir, repoRoot } from './paths.js';
import { RELEASE, at, ofKind, one, operatorContainer, renderChart, type RenderedObject } from './render.js';

function rulesFor(objects: RenderedObject[], resource: string): unknown[] {
  return objects
    .filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role')
    .flatMap((o) => (o.rules as { resources: string[] }[]).map((rule) => ({ role: o, rule })))
    .filter(({ rule }) => rule.resources.includes(resource));
}

describe('helm lint', () => {
  it('passes in strict mode', async () => {
    const result = await helm(['lint', '--strict', chartDir]);
    expect(result.stderr + result.stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
    expect(result.code).toBe(0);
  });
});

describe('helm template with the default values', () => {
  let objects: RenderedObject[];
  beforeAll(async () => {
    objects = await renderChart();
  });

  it('renders the operator, its RBAC, the metrics Service and the seven CRDs, and nothing optional', () => {
    const kinds = objects.map((o) => o.kind).sort();
    expect(kinds).toEqual(
      [
        ...Array<string>(7).fill('CustomResourceDefinition'),
        'ClusterRole',
        'ClusterRole',
        'ClusterRoleBinding',
        'ClusterRoleBinding',
        'Deployment',
        'Role',
        'RoleBinding',
        'Service',
        'ServiceAccount',
      ].sort(),
    );
  });

  it('labels every object with the standard labels', () => {
    for (const object of objects) {
      expect(object.metadata.labels).toMatchObject({
        'helm.sh/chart': 'crosstenant-operator-0.1.0',
        'app.kubernetes.io/name': 'crosstenant-operator',
        'app.kubernetes.io/instance': RELEASE.name,
        'app.kubernetes.io/version': '0.1.0',
        'app.kubernetes.io/managed-by': 'Helm',
        'app.kubernetes.io/component': expect.any(String),
      });
    }
  });

  it('runs the operator with leader election, probes and a restricted security context', () => {
    const deployment = one(objects, 'Deployment', RELEASE.name);
    const container = operatorContainer(deployment);
    expect(container.args).toEqual([
      'run',
      '--leader-elect=true',
      '--metrics-bind-address=:8080',
      '--health-probe-bind-address=:8081',
      '--concurrency=1,syncscope=4,tenantlink=4',
    ]);
    expect(at(container, 'livenessProbe', 'httpGet')).toEqual({ path: '/healthz', port: 'health' });
    expect(at(container, 'readinessProbe', 'httpGet')).toEqual({ path: '/readyz', port: 'health' });
    expect(at(deployment, 'spec', 'template', 'spec', 'securityContext')).toEqual({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsUser: 1000,
    });
    expect(container.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(at(deployment, 'spec', 'template', 'spec', 'volumes', 0, 'emptyDir')).toEqual({
      sizeLimit: '64Mi',
    });
    expect(container.image).toBe('ghcr.io/crosstenant/crosstenant-operator:0.1.0');
    expect(at(deployment, 'spec', 'strategy')).toBeUndefined();
  });

  it('reads Secrets cluster-wide, read-only, and touches Leases only in the release namespace', () => {
    const secretRules = rulesFor(objects, 'secrets');
    expect(secretRules).toEqual([
      {
        role: expect.objectContaining({ kind: 'ClusterRole' }),
        rule: expect.objectContaining({ verbs: ['list', 'watch'] }),
      },
    ]);
    const lease = one(objects, 'Role', `${RELEASE.name}-leader-election`);
    expect(lease.metadata.namespace).toBe(RELEASE.namespace);
    expect(lease.rules).toEqual([
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] },
    ]);
    const bindings = [...ofKind(objects, 'ClusterRoleBinding'), ...ofKind(objects, 'RoleBinding')];
    for (const binding of bindings) {
      expect(binding.subjects).toEqual([
        { kind: 'ServiceAccount', name: RELEASE.name, namespace: RELEASE.namespace },
      ]);
    }
  });

  it('gives the operator no verb on its own resources beyond reading them, managing finalizers and annotating', () => {
    const main = one(objects, 'ClusterRole', RELEASE.name);
    const rules = main.rules as { apiGroups: string[]; resources: string[]; verbs: string[] }[];
    expect(rules.find((r) => r.resources.includes('syncscopes'))?.verbs).toEqual([
      'get',
      'list',
      'watch',
      'patch',
    ]);
    expect(rules.find((r) => r.resources.includes('syncscopes/status'))?.verbs).toEqual([
      'get',
      'update',
      'patch',
    ]);
    expect(rules.flatMap((r) => r.verbs)).not.toContain('delete');
    expect(rules.flatMap((r) => r.apiGroups)).not.toContain('');
    expect(rules.flatMap((r) => r.verbs)).not.toContain('*');
  });

  it('keeps the CRDs on uninstall and renders them exactly as generated into crds/', () => {
    const generated = readSourceCrds(repoRoot);
    const rendered = ofKind(objects, 'CustomResourceDefinition');
    expect(rendered.map((crd) => crd.metadata.name).sort()).toEqual(
      generated.map((crd) => crd.metadata.name),
    );
    for (const crd of generated) {
      const copy = one(rendered, 'CustomResourceDefinition', crd.metadata.name);
      expect(copy.metadata.annotations).toEqual({
        ...crd.metadata.annotations,
        'helm.sh/resource-policy': 'keep',
      });
      expect(copy.spec).toEqual(crd.spec);
    }
  });
});

describe('helm template with watchNamespaces', () => {
  let objects: RenderedObject[];
  beforeAll(async () => {
    objects = await renderChart(['--set', 'watchNamespaces={team-a,team-b}']);
  });

  it('reads Secrets through a Role in each watched namespace and no ClusterRole', () => {
    const secretRoles = rulesFor(objects, 'secrets') as { role: RenderedObject }[];
    expect(secretRoles.map(({ role }) => [role.kind, role.metadata.namespace])).toEqual([
      ['Role', 'team-a'],
      ['Role', 'team-b'],
    ]);
    const bindings = ofKind(objects, 'RoleBinding', `${RELEASE.name}-secrets`);
    expect(bindings.map((b) => b.metadata.namespace)).toEqual(['team-a', 'team-b']);
    expect(ofKind(objects, 'ClusterRoleBinding', `${RELEASE.name}-secrets`)).toEqual([]);
  });

  it('tells the operator which namespaces to watch', () => {
    const args = operatorContainer(one(objects, 'Deployment')).args as string[];
    expect(args).toContain('--watch-namespace=team-a,team-b');
  });
});

describe('helm template with CRD toggles', () => {
  it('renders no CRD with crds.enabled=false', async () => {
    const objects = await renderChart(['--set', 'crds.enabled=false']);
    expect(ofKind(objects, 'CustomResourceDefinition')).toEqual([]);
    expect(ofKind(objects, 'Deployment')).toHaveLength(1);
  });

  it('lets Helm delete the CRDs on uninstall with crds.keep=false', async () => {
    const crds = ofKind(await renderChart(['--set', 'crds.keep=false']), 'CustomResourceDefinition');
    expect(crds).toHaveLength(7);
    for (const crd of crds) expect(crd.metadata.annotations?.['helm.sh/resource-policy']).toBeUndefined();
  });
});

describe('helm template with controller concurrency', () => {
  it('passes each controller its own concurrency after the default', async () => {
    const objects = await renderChart([
      '--set',
      'concurrency=2',
      '--set',
      'controllerConcurrency.syncscope=3',
    ]);
    expect(operatorContainer(one(objects, 'Deployment')).args).toContain(
      '--concurrency=2,syncscope=3,tenantlink=4',
    );
  });

  it('gives every controller the same concurrency when none is named', async () => {
    const objects = await renderChart(['--set', 'controllerConcurrency=null']);
    expect(operatorContainer(one(objects, 'Deployment')).args).toContain('--concurrency=1');
  });
});

describe('helm template with replicas and leader election', () => {
  it('shards over two replicas, with the Lease verbs sharding needs and a PodDisruptionBudget', async () => {
    const objects = await renderChart(['--set', 'replicaCount=2']);
    const deployment = one(objects, 'Deployment');
    expect(at(deployment, 'spec', 'replicas')).toBe(2);
    const args = operatorContainer(deployment).args;
    expect(args).toContain('--sharding=true');
    expect(args).toContain('--leader-elect=false');
    // Each pod names its shard after itself: POD_NAME from the downward API.
    expect(operatorContainer(deployment).env).toContainEqual({
      name: 'POD_NAME',
      valueFrom: { fieldRef: { fieldPath: 'metadata.name' } },
    });
    // Rolling is safe: a new pod takes objects only from pods that hand them over or are gone.
    expect(at(deployment, 'spec', 'strategy')).toBeUndefined();
    expect(one(objects, 'Role', `${RELEASE.name}-leader-election`).rules).toEqual([
      {
        apiGroups: ['coordination.k8s.io'],
        resources: ['leases'],
        verbs: ['get', 'create', 'update', 'list', 'watch', 'delete'],
      },
    ]);
    expect(ofKind(objects, 'PodDisruptionBudget')).toHaveLength(1);
  });

  it('keeps extra replicas as leader-election standbys when sharding is turned off', async () => {
    const objects = await renderChart([
      '--set',
      'replicaCount=2',
      '--set',
      'leaderElection.enabled=false',
      '--set',
      'sharding.enabled=false',
    ]);
    const deployment = one(objects, 'Deployment');
    expect(at(deployment, 'spec', 'replicas')).toBe(2);
    expect(operatorContainer(deployment).args).toContain('--leader-elect=true');
    expect(operatorContainer(deployment).args).not.toContain('--sharding=true');
    expect(at(deployment, 'spec', 'strategy')).toBeUndefined();
    expect(at(one(objects, 'PodDisruptionBudget'), 'spec')).toEqual({
      minAvailable: 1,
      selector: {
        matchLabels: {
          'app.kubernetes.io/name': 'crosstenant-operator',
          'app.kubernetes.io/instance': RELEASE.name,
        },
      },
    });
  });

  it('recreates instead of rolling one replica without leader election, and adds no PDB', async () => {
    const objects = await renderChart(['--set', 'leaderElection.enabled=false']);
    const deployment = one(objects, 'Deployment');
    expect(operatorContainer(deployment).args).toContain('--leader-elect=false');
    expect(operatorContainer(deployment).args).not.toContain('--sharding=true');
    expect(at(deployment, 'spec', 'strategy')).toEqual({ type: 'Recreate' });
    expect(ofKind(objects, 'PodDisruptionBudget')).toEqual([]);
  });
});

describe('values.schema.json', () => {
  it.each([
    ['a string for a number', ['--set', 'replicaCount=two'], 'replicaCount'],
    ['an unknown pull policy', ['--set', 'image.pullPolicy=Sometimes'], 'pullPolicy'],
    ['a misspelt top-level key', ['--set', 'replicas=2'], 'replicas'],
    ['an invalid namespace name', ['--set', 'watchNamespaces={Team_A}'], 'watchNamespaces'],
    ['a controller that does not exist', ['--set', 'controllerConcurrency.tenantlinks=2'], 'tenantlinks'],
    ['no reconcile at all', ['--set', 'controllerConcurrency.syncscope=0'], 'syncscope'],
    ['sharding as a string', ['--set-string', 'sharding.enabled=yes'], 'sharding'],
  ])('rejects %s', async (_what, args, field) => {
    const result = await helm(['template', RELEASE.name, chartDir, ...args]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("values don't meet the specifications of the schema");
    expect(result.stderr).toContain(field);
  });
});

describe('chart sources', () => {
  it('explain every RBAC verb in a comment above it', () => {
    const lines = readFileSync(join(chartDir, 'templates/rbac.yaml'), 'utf8').split('\n');
    let explained = new Set<string>();
    let verbs = 0;
    for (const line of lines) {
      const comment = /^\s*# ([a-z, ]+):/.exec(line);
      const verb = /^\s*- (get|list|watch|create|update|patch|delete|deletecollection)$/.exec(line);
      if (comment?.[1]) explained = new Set(comment[1].split(',').map((v) => v.trim()));
      else if (verb?.[1]) {
        verbs += 1;
        expect(`${verb[1]} explained: ${explained.has(verb[1])}`).toBe(`${verb[1]} explained: true`);
      } else if (!/^\s*(- |#)/.test(line)) explained = new Set();
    }
    expect(verbs).toBeGreaterThanOrEqual(15);
  });

  it('renders CRD text holding template delimiters literally', async () => {
    const [crd] = readSourceCrds(repoRoot);
    if (!crd) throw new Error('crds/ is empty');
    const description = 'Use {{ .Values.x }} and }} as plain text';
    const tricky = { ...crd, spec: { ...crd.spec, names: { ...crd.spec.names }, description } };
    const copy = mkdtempSync(join(tmpdir(), 'chart-'));
    try {
      cpSync(chartDir, copy, { recursive: true });
      for (const file of readdirSync(join(copy, 'templates/crds')))
        rmSync(join(copy, 'templates/crds', file));
      writeFileSync(join(copy, 'templates/crds/tricky.yaml'), chartCrdTemplate(tricky));
      const rendered = one(await renderChart([], copy), 'CustomResourceDefinition');
      expect(at(rendered, 'spec', 'description')).toBe(description);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
