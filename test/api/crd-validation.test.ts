// The generated CRDs served by a real kube-apiserver: schema and CEL rules reject bad resources with
// readable messages, defaults are filled in by the server, kubectl explain and categories work.
import { dirname, join } from 'node:path';
import { jest } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { applyDefaults } from '../../src/api/index.js';
import type { KindName } from '../../src/api/index.js';
import { createTestNamespace, kubectl } from '../support/cluster.js';
import { waitFor } from '../support/poll.js';
import { manifest } from '../support/resources.js';
import { SYNC_SCOPE_DEFAULTS, fullSpecs, minimalSpecs } from './manifests.js';
import { badManifests } from './bad-manifests.js';

const crdDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'crds');
const PLURALS = [
  'tenantlinks',
  'syncscopes',
  'attributemappings',
  'accesspackagepolicies',
  'reviewschedules',
  'lifecycleworkflows',
];

// testTimeout in a Jest project entry is not applied (it is a global option), and kubectl calls on a
// loaded machine take seconds.
jest.setTimeout(60_000);

let namespace: string;

/** Runs kubectl and fails the test with its output when it does not succeed. */
async function mustKubectl(args: string[], input?: string): Promise<string> {
  const result = await kubectl(args, input);
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

beforeAll(async () => {
  await mustKubectl(['apply', '--server-side', '--force-conflicts', '-f', crdDir]);
  await mustKubectl([
    'wait',
    '--for=condition=Established',
    '--timeout=60s',
    ...PLURALS.map((p) => `crd/${p}.crosstenant.io`),
  ]);
  namespace = await createTestNamespace('api');
});

describe('bad manifests', () => {
  it.each(badManifests.map((b) => [b.kind, b.expected, b.spec] as const))(
    'the server rejects a bad %s: %s',
    async (kind, expected, spec) => {
      const body = JSON.stringify(manifest(kind, namespace, 'bad', spec));
      const result = await kubectl(['create', '--dry-run=server', '-f', '-'], body);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(expected);
    },
  );

  it('has at least 20 cases covering all seven kinds', () => {
    expect(badManifests.length).toBeGreaterThanOrEqual(20);
    expect(new Set(badManifests.map((b) => b.kind)).size).toBe(7);
  });
});

describe('good manifests', () => {
  const names: Record<KindName, string> = {
    TenantLink: 'emea',
    SyncScope: 'emea-to-contoso',
    AttributeMapping: 'contoso',
    AccessPackagePolicy: 'sales-tools',
    ReviewSchedule: 'quarterly',
    LifecycleWorkflow: 'leavers',
    TenantRelationship: 'contoso',
  };

  beforeAll(async () => {
    const items = (Object.keys(names) as KindName[]).map((kind) =>
      manifest(kind, namespace, names[kind], minimalSpecs[kind]),
    );
    await mustKubectl(['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
  });

  async function stored(kind: KindName): Promise<Record<string, unknown>> {
    const json = await mustKubectl(['get', kind.toLowerCase(), names[kind], '-n', namespace, '-o', 'json']);
    return (JSON.parse(json) as { spec: Record<string, unknown> }).spec;
  }

  it('are stored with the SyncScope defaults filled in by the server', async () => {
    expect(await stored('SyncScope')).toMatchObject(SYNC_SCOPE_DEFAULTS);
  });

  it('are stored with the same defaults applyDefaults computes', async () => {
    for (const kind of Object.keys(names) as KindName[]) {
      expect([kind, await stored(kind)]).toEqual([kind, applyDefaults(kind, minimalSpecs[kind])]);
    }
  });

  it.each(Object.keys(names) as KindName[])('accept a full %s using most fields', async (kind) => {
    const body = JSON.stringify(manifest(kind, namespace, 'full', fullSpecs[kind]));
    await mustKubectl(['create', '--dry-run=server', '-f', '-'], body);
  });

  it.each([
    ['TenantLink', { tenantId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b' }, 'tenantId cannot be changed'],
    ['SyncScope', { source: { tenantLinkRef: 'us' } }, 'source.tenantLinkRef cannot be changed'],
    [
      'SyncScope',
      { anchorAttribute: 'onPremisesExtensionAttributes.extensionAttribute1' },
      'anchorAttribute cannot',
    ],
    ['ReviewSchedule', { tenantLinkRef: 'fabrikam' }, 'tenantLinkRef cannot be changed'],
  ] as const)('keep %s %j as created', async (kind, change, expected) => {
    const result = await kubectl([
      'patch',
      kind.toLowerCase(),
      names[kind],
      '-n',
      namespace,
      '--type=merge',
      '-p',
      JSON.stringify({ spec: change }),
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(expected);
  });

  it('accept changes to mutable fields', async () => {
    const patch = JSON.stringify({ spec: { interval: '30s', deprovision: { onOutOfScope: 'Disable' } } });
    await mustKubectl(['patch', 'syncscope', names.SyncScope, '-n', namespace, '--type=merge', '-p', patch]);
  });

  it('reject a status whose condition reason is not CamelCase', async () => {
    const condition = {
      type: 'Ready',
      status: 'False',
      reason: 'bad reason',
      message: 'x',
      lastTransitionTime: '2026-01-01T00:00:00Z',
    };
    const result = await kubectl([
      'patch',
      'tenantlink',
      names.TenantLink,
      '-n',
      namespace,
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify({ status: { conditions: [condition] } }),
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('status.conditions[0].reason: Invalid value: "bad reason"');
    expect(result.stderr).toContain('reason in body should match');
  });

  it('are listed together by kubectl get crosstenant', async () => {
    // The API server publishes discovery and OpenAPI a moment after the CRDs are established.
    await waitFor(
      'kubectl get crosstenant to list every kind',
      async () => {
        const out = await mustKubectl(['get', 'crosstenant', '-n', namespace, '-o', 'name']);
        for (const kind of Object.keys(names) as KindName[]) {
          expect(out).toContain(`${kind.toLowerCase()}.crosstenant.io/${names[kind]}`);
        }
        return true;
      },
      30_000,
      500,
    );
  });

  it('show Ready, Reason and the key figures as columns', async () => {
    const out = await mustKubectl(['get', 'ss', '-n', namespace]);
    expect(out.split('\n')[0]).toMatch(
      /^NAME\s+READY\s+REASON\s+MODE\s+IN SCOPE\s+PROVISIONED\s+FAILED\s+AGE$/,
    );
    expect(out).toContain('Enforce');
  });
});

describe('kubectl explain', () => {
  /** Waits until `kubectl explain path` shows each of `expected`; explain wraps, so whitespace is collapsed. */
  function explainShows(path: string, expected: string[]): Promise<true> {
    return waitFor(
      `kubectl explain ${path} to show ${expected.join(', ')}`,
      async () => {
        const out = (await mustKubectl(['explain', path])).replace(/\s+/g, ' ');
        return expected.every((text) => out.includes(text)) || undefined;
      },
      30_000,
      500,
    );
  }

  it('shows the descriptions of tenantlinks.spec.credentials', async () => {
    await explainShows('tenantlinks.spec.credentials', [
      'exactly one of clientSecretRef',
      'workloadIdentity',
      'Azure Workload Identity',
    ]);
  });

  it('shows the annotations a SyncScope understands', async () => {
    await explainShows('syncscopes', ['crosstenant.io/approve-deletions', 'crosstenant.io/provision-now']);
  });
});
