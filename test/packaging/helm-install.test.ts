// `helm install` into the real control plane: the objects exist and the API server's own RBAC
// authorizer grants the ServiceAccount exactly what the operator needs.
import { randomBytes } from 'node:crypto';
import { createTestNamespace, helm, kubectl } from '../support/cluster.js';
import { chartDir } from './paths.js';

const CRDS = [
  'tenantlinks',
  'tenantrelationships',
  'syncscopes',
  'attributemappings',
  'accesspackagepolicies',
  'reviewschedules',
  'lifecycleworkflows',
];

async function canI(serviceAccount: string, args: string[]): Promise<boolean> {
  const result = await kubectl(['auth', 'can-i', '--as', serviceAccount, ...args]);
  if (result.code !== 0 && result.stdout.trim() !== 'no')
    throw new Error(`kubectl auth can-i: ${result.stderr}`);
  return result.stdout.trim() === 'yes';
}

async function mustSucceed(what: Promise<{ code: number; stderr: string; stdout: string }>): Promise<string> {
  const result = await what;
  if (result.code !== 0) throw new Error(result.stderr);
  return result.stdout;
}

describe('helm install with the default values', () => {
  const release = `ct-${randomBytes(3).toString('hex')}`;
  let namespace: string;
  let serviceAccount: string;
  let other: string;

  beforeAll(async () => {
    namespace = await createTestNamespace('helm');
    other = await createTestNamespace('helm-other');
    serviceAccount = `system:serviceaccount:${namespace}:${release}-crosstenant-operator`;
    // --take-ownership: other integration tests may have applied crds/ to the shared control plane.
    await mustSucceed(helm(['install', release, chartDir, '--namespace', namespace, '--take-ownership']));
  });

  afterAll(async () => {
    await helm(['uninstall', release, '--namespace', namespace]);
  });

  it('creates the Deployment, ServiceAccount, RBAC, Service and CRDs', async () => {
    const name = `${release}-crosstenant-operator`;
    await mustSucceed(
      kubectl([
        'get',
        '-n',
        namespace,
        `deployment/${name}`,
        `serviceaccount/${name}`,
        `service/${name}-metrics`,
      ]),
    );
    await mustSucceed(
      kubectl([
        'get',
        '-n',
        namespace,
        `role/${name}-leader-election`,
        `rolebinding/${name}-leader-election`,
      ]),
    );
    await mustSucceed(
      kubectl(['get', `clusterrole/${name}`, `clusterrolebinding/${name}`, `clusterrole/${name}-secrets`]),
    );
    await mustSucceed(kubectl(['get', ...CRDS.map((plural) => `crd/${plural}.crosstenant.io`)]));
  });

  it('lets the ServiceAccount do what the operator does', async () => {
    for (const plural of CRDS) {
      expect(await canI(serviceAccount, ['watch', `${plural}.crosstenant.io`, '-n', other])).toBe(true);
      // Finalizers and the exclusions annotation are written as merge patches.
      expect(await canI(serviceAccount, ['patch', `${plural}.crosstenant.io`, '-n', other])).toBe(true);
      expect(
        await canI(serviceAccount, [
          'update',
          `${plural}.crosstenant.io`,
          '--subresource=status',
          '-n',
          other,
        ]),
      ).toBe(true);
    }
    expect(await canI(serviceAccount, ['list', 'secrets', '-n', other])).toBe(true);
    expect(await canI(serviceAccount, ['create', 'events.events.k8s.io', '-n', other])).toBe(true);
    expect(await canI(serviceAccount, ['update', 'leases.coordination.k8s.io', '-n', namespace])).toBe(true);
  });

  it('denies the ServiceAccount everything else', async () => {
    expect(await canI(serviceAccount, ['delete', 'syncscopes.crosstenant.io', '-n', other])).toBe(false);
    expect(await canI(serviceAccount, ['create', 'tenantlinks.crosstenant.io', '-n', other])).toBe(false);
    expect(await canI(serviceAccount, ['create', 'secrets', '-n', other])).toBe(false);
    expect(await canI(serviceAccount, ['update', 'secrets', '-n', namespace])).toBe(false);
    expect(await canI(serviceAccount, ['get', 'leases.coordination.k8s.io', '-n', other])).toBe(false);
    expect(await canI(serviceAccount, ['list', 'pods', '-n', namespace])).toBe(false);
  });

  it('keeps the CRDs after uninstall', async () => {
    await mustSucceed(helm(['uninstall', release, '--namespace', namespace]));
    await mustSucceed(kubectl(['get', 'crd/syncscopes.crosstenant.io']));
    await expect(
      kubectl(['get', '-n', namespace, `deployment/${release}-crosstenant-operator`]),
    ).resolves.toMatchObject({
      code: 1,
    });
  });
});

describe('helm install with watchNamespaces', () => {
  const release = `ctw-${randomBytes(3).toString('hex')}`;
  let namespace: string;
  let watched: string;
  let unwatched: string;

  beforeAll(async () => {
    namespace = await createTestNamespace('helm-w');
    watched = await createTestNamespace('helm-watched');
    unwatched = await createTestNamespace('helm-unwatched');
    await mustSucceed(
      helm([
        'install',
        release,
        chartDir,
        '--namespace',
        namespace,
        '--set',
        'crds.enabled=false',
        '--set',
        `watchNamespaces={${watched}}`,
      ]),
    );
  });

  afterAll(async () => {
    await helm(['uninstall', release, '--namespace', namespace]);
  });

  it('reads Secrets only in the watched namespaces', async () => {
    const serviceAccount = `system:serviceaccount:${namespace}:${release}-crosstenant-operator`;
    expect(await canI(serviceAccount, ['watch', 'secrets', '-n', watched])).toBe(true);
    expect(await canI(serviceAccount, ['get', 'secrets', '-n', unwatched])).toBe(false);
    expect(await canI(serviceAccount, ['list', 'secrets', '--all-namespaces'])).toBe(false);
  });
});
