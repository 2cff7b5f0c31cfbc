// The Graph simulator for operator integration tests, and TenantLinks for its seeded tenants.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import type { RunningSimulator, SimulatorOptions } from '../../src/graph-sim/index.js';
import { startSimulator } from '../../src/graph-sim/index.js';
import type { TenantLink, TenantLinkSpec } from '../../src/api/index.js';
import type { KubeClients } from '../../src/kube/client.js';
import { createKubeClients, isNotFound, mergePatch } from '../../src/kube/client.js';
import { testKubeConfig } from './cluster.js';
import { outsideContract } from './contract-check.js';
import { waitFor } from './poll.js';
import { conditionOf, manifest, resourceOf } from './resources.js';

/** A seeded tenant and the operator app registered in it (see test/graph-sim/sim-fixture.ts). */
export interface SeededTenant {
  tenantId: string;
  clientId: string;
  secret: string;
  domain: string;
}

/**
 * Starts the simulator (default: Contoso seed) before the tests of a file and stops it after; call at top level.
 * The file fails when its simulator saw a Graph request outside the contract, unless it tests the simulator itself
 * (`{ contract: false }`).
 */
export function useSimulator(
  options: SimulatorOptions = {},
  check: { contract: boolean } = { contract: true },
): () => RunningSimulator {
  let sim: RunningSimulator | undefined;
  const outside = new Set<string>();
  beforeAll(async () => {
    const started = await startSimulator(options);
    // Tests clear the log to look at a window of it: what is cleared is checked against the contract first.
    const clear = started.admin.clearRequests.bind(started.admin);
    started.admin.clearRequests = async () => {
      for (const request of outsideContract(await started.admin.requests())) outside.add(request);
      await clear();
    };
    sim = started;
  });
  afterAll(async () => {
    if (!sim) return;
    for (const request of outsideContract(await sim.admin.requests())) outside.add(request);
    await deleteTenantLinksTo(sim.url);
    await sim.stop();
    if (check.contract && outside.size > 0)
      throw new Error(
        `Graph requests outside the contract (src/graph/contract):\n${[...outside].join('\n')}`,
      );
  });
  return () => {
    if (!sim)
      throw new Error('the simulator is not running: call useSimulator() at the top of the test file');
    return sim;
  };
}

const tenantLinks = resourceOf('TenantLink');

/**
 * Deletes the TenantLinks, in any namespace, that sign in at `url`. Once the simulator there stops, an
 * operator watching every namespace (the chart's default) would spend seconds of retries on each of them.
 */
async function deleteTenantLinksTo(url: string): Promise<void> {
  const clients = createKubeClients(testKubeConfig());
  let links: TenantLink[];
  try {
    links = ((await clients.customObjects.listClusterCustomObject(tenantLinks)) as { items: TenantLink[] })
      .items;
  } catch (err) {
    if (isNotFound(err)) return; // the TenantLink CRD is not installed: no link to delete
    throw err;
  }
  const stale = links.filter((link) => link.spec.endpoints?.authorityHost === url);
  await Promise.all(
    stale.map((link) =>
      clients.customObjects
        .deleteNamespacedCustomObject({
          ...tenantLinks,
          namespace: link.metadata.namespace ?? '',
          name: link.metadata.name ?? '',
        })
        .catch((err: unknown) => {
          if (!isNotFound(err)) throw err;
        }),
    ),
  );
}

/** Creates or replaces the Secret holding a client secret under key `client-secret`. */
export async function putClientSecret(
  clients: KubeClients,
  namespace: string,
  name: string,
  secret: string,
): Promise<void> {
  const body = { metadata: { name, namespace }, stringData: { 'client-secret': secret } };
  try {
    await clients.core.replaceNamespacedSecret({ name, namespace, body });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await clients.core.createNamespacedSecret({ namespace, body });
  }
}

/** Options of `createTenantLink`. */
export interface TenantLinkOptions {
  namespace: string;
  name: string;
  tenant: SeededTenant;
  /** The Secret's value; default the tenant's demo secret; `null` creates no Secret. */
  secret?: string | null;
  /** Name of the Secret; default `<name>-credentials`. */
  secretName?: string;
  /** Spec fields to add or override. */
  spec?: Partial<TenantLinkSpec>;
}

/** Creates the Secret (unless told not to) and a TenantLink pointing at the simulator for a seeded tenant. */
export async function createTenantLink(
  clients: KubeClients,
  sim: Pick<RunningSimulator, 'url'>,
  options: TenantLinkOptions,
): Promise<TenantLink> {
  const secretName = options.secretName ?? `${options.name}-credentials`;
  if (options.secret !== null)
    await putClientSecret(clients, options.namespace, secretName, options.secret ?? options.tenant.secret);
  const body = manifest('TenantLink', options.namespace, options.name, {
    tenantId: options.tenant.tenantId,
    endpoints: { authorityHost: sim.url, graph: sim.url },
    credentials: {
      clientId: options.tenant.clientId,
      clientSecretRef: { name: secretName, key: 'client-secret' },
    },
    ...options.spec,
  });
  return (await clients.customObjects.createNamespacedCustomObject({
    ...tenantLinks,
    namespace: options.namespace,
    body,
  })) as TenantLink;
}

/** Reads a TenantLink. */
export async function getTenantLink(
  clients: KubeClients,
  namespace: string,
  name: string,
): Promise<TenantLink> {
  return (await clients.customObjects.getNamespacedCustomObject({
    ...tenantLinks,
    namespace,
    name,
  })) as TenantLink;
}

/** Merge-patches a TenantLink (spec or metadata). */
export async function patchTenantLink(
  clients: KubeClients,
  namespace: string,
  name: string,
  patch: Record<string, unknown>,
): Promise<TenantLink> {
  return (await clients.customObjects.patchNamespacedCustomObject(
    { ...tenantLinks, namespace, name, body: patch },
    mergePatch,
  )) as TenantLink;
}

/** The Ready condition's status and reason of a TenantLink, as `True/Connected`. */
export function readyOf(link: TenantLink): string | undefined {
  return conditionOf(link, 'Ready');
}

/** Waits until the TenantLink's Ready condition reads `expected` (e.g. `True/Connected`) for its current generation. */
export async function waitForTenantLink(
  clients: KubeClients,
  namespace: string,
  name: string,
  expected: string,
  timeoutMs = 30_000,
): Promise<TenantLink> {
  return waitFor(
    `TenantLink ${namespace}/${name} to be ${expected}`,
    async () => {
      const link = await getTenantLink(clients, namespace, name);
      const current = link.status?.observedGeneration === link.metadata.generation;
      return current && readyOf(link) === expected ? link : undefined;
    },
    timeoutMs,
  );
}

/** A PEM bundle of a fresh RSA private key and its self-signed certificate, as certificateRef expects. */
export async function selfSignedCertificatePem(): Promise<{ bundle: string; certificate: string }> {
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const alg = {
    name: 'RSASSA-PKCS1-v1_5',
    hash: 'SHA-256',
    publicExponent: new Uint8Array([1, 0, 1]),
    modulusLength: 2048,
  };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=crosstenant-operator-test',
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    signingAlgorithm: alg,
    keys,
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  const key = `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----\n`;
  const certificate = cert.toString('pem');
  return { bundle: `${key}${certificate}\n`, certificate };
}
