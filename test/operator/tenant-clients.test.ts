// TenantClients as the SyncScope and governance controllers use it: a TenantLink by name to a Graph client,
// from the informer caches, reused until the link or its Secret changes.
import { jest } from '@jest/globals';
import type { KubeClients } from '../../src/kube/client.js';
import { createGraphClient, defaultThrottleLimits, type GraphClientOptions } from '../../src/graph/index.js';
import { TenantClients } from '../../src/controllers/index.js';
import type { TenantConnectResult } from '../../src/controllers/index.js';
import { useOperator } from '../support/operator.js';
import { waitFor } from '../support/poll.js';
import {
  createTenantLink,
  patchTenantLink,
  putClientSecret,
  useSimulator,
  waitForTenantLink,
} from '../support/simulator.js';
import { CONTOSO, EMEA } from '../graph-sim/sim-fixture.js';

jest.setTimeout(120_000);
const sim = useSimulator();
const testbed = useOperator('operator-tc');
let clients: KubeClients;
let namespace: string;
let tenants: TenantClients;

function failure(result: TenantConnectResult): { reason: string; message: string } | undefined {
  return result.ok ? undefined : { reason: result.reason, message: result.message };
}

beforeAll(async () => {
  ({ clients, namespace } = testbed());
  tenants = new TenantClients({ clients, namespaces: [namespace] });
  await tenants.start();
});

afterAll(async () => {
  await tenants?.stop();
});

describe('TenantClients.connect', () => {
  it('reports a TenantLink that does not exist as ReferenceNotFound', async () => {
    expect(failure(await tenants.connect(namespace, 'nowhere'))).toEqual({
      reason: 'ReferenceNotFound',
      message: `TenantLink nowhere does not exist in ${namespace}`,
    });
  });

  it('reports a link whose sign-in fails as TenantLinkNotReady with its reason', async () => {
    await createTenantLink(clients, sim(), { namespace, name: 'emea', tenant: EMEA, secret: 'not-it' });
    await waitForTenantLink(clients, namespace, 'emea', 'False/CredentialsInvalid');
    const result = await waitFor('the cache to see the status', async () => {
      const found = failure(await tenants.connect(namespace, 'emea'));
      return found?.message.includes('CredentialsInvalid') ? found : undefined;
    });
    expect(result.reason).toBe('TenantLinkNotReady');
    expect(result.message).toMatch(/^TenantLink emea is not ready: CredentialsInvalid: AADSTS7000215/);
  });

  it('gives a ready link a working Graph client, the default domain and the granted permissions', async () => {
    await createTenantLink(clients, sim(), { namespace, name: 'contoso', tenant: CONTOSO });
    await waitForTenantLink(clients, namespace, 'contoso', 'True/Connected');
    const connection = await waitFor('a connection', async () => {
      const result = await tenants.connect(namespace, 'contoso');
      return result.ok ? result.connection : undefined;
    });
    expect(connection).toMatchObject({
      tenantId: CONTOSO.tenantId,
      defaultDomain: 'contoso.com',
      grantedPermissions: expect.arrayContaining(['User.ReadWrite.All', 'User.Invite.All']),
    });
    const users = await connection.client.get<{ value: { userPrincipalName: string }[] }>(
      '/users?$select=userPrincipalName&$top=1',
    );
    expect(users.value[0]?.userPrincipalName).toMatch(/@contoso\.com$/);
    const again = await tenants.connect(namespace, 'contoso');
    expect(again.ok && again.connection.client).toBe(connection.client);
  });

  it('builds a new client once the Secret changes', async () => {
    const before = await tenants.connect(namespace, 'contoso');
    const rotated = `${CONTOSO.secret}-rotated`;
    const [tenant] = (await sim().admin.tenants()).filter((t) => t.id === CONTOSO.tenantId);
    const app = tenant?.apps.find((a) => a.appId === CONTOSO.clientId);
    await sim().admin.addApp(CONTOSO.tenantId, {
      appId: CONTOSO.clientId,
      displayName: app?.displayName ?? 'crosstenant-operator',
      secret: rotated,
      roles: app?.roles ?? [],
    });
    await putClientSecret(clients, namespace, 'contoso-credentials', rotated);
    const after = await waitFor('a new client', async () => {
      const result = await tenants.connect(namespace, 'contoso');
      return result.ok && before.ok && result.connection.client !== before.connection.client
        ? result
        : undefined;
    });
    expect(after.ok).toBe(true);
    await waitForTenantLink(clients, namespace, 'contoso', 'True/Connected');
  });

  it("paces the link's Graph client by spec.graphLimits, Graph's default for what it leaves out", async () => {
    const built: GraphClientOptions[] = [];
    const observed = new TenantClients({
      clients,
      namespaces: [namespace],
      createClient: (options) => {
        built.push(options);
        return createGraphClient(options);
      },
    });
    await observed.start();
    try {
      await patchTenantLink(clients, namespace, 'contoso', { spec: { graphLimits: { writesPer150s: 600 } } });
      await waitFor('a client built with the new limits', async () => {
        await observed.connect(namespace, 'contoso');
        return built.find((options) => options.limits?.writes?.limit === 600);
      });
      expect(built.at(-1)?.limits).toEqual({
        writes: { limit: 600, windowSeconds: 150 },
        resourceUnits: defaultThrottleLimits.resourceUnits,
      });
    } finally {
      await observed.stop();
    }
  });

  it('reports a suspended link as TenantLinkNotReady', async () => {
    await patchTenantLink(clients, namespace, 'contoso', { spec: { suspend: true } });
    const result = await waitFor('the suspension', async () =>
      failure(await tenants.connect(namespace, 'contoso')),
    );
    expect(result).toEqual({ reason: 'TenantLinkNotReady', message: 'TenantLink contoso is suspended' });
  });
});
