import { ClientSecretCredential, type TokenCredential } from '@azure/identity';
import { Client } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import { startSimulator, type RunningSimulator } from '../../src/graph-sim/index.js';

/** Tenant ids and operator app credentials of the default Contoso seed. */
export const CONTOSO = {
  tenantId: '6f1c2e8a-3b4d-4c5e-9f60-7a8b9c0d1e2f',
  clientId: '3c1d6f0e-8a2b-4c7d-9e5f-0a1b2c3d4e5f',
  secret: 'contoso-demo-secret',
  domain: 'contoso.com',
};
export const EMEA = {
  tenantId: '2b7d9e41-5c6a-4f3b-8d2e-1a0b9c8d7e6f',
  clientId: '7e2f4a6c-9b1d-4e3f-8a5c-6b7d8e9f0a1b',
  secret: 'emea-demo-secret',
  domain: 'emea.contoso.com',
};
export const US = {
  tenantId: '9a3e5c7b-1d2f-4e6a-8b0c-3d4e5f6a7b8c',
  clientId: '5d8b0c2e-4f6a-4b1c-9d3e-2f4a6b8c0d1e',
  secret: 'us-demo-secret',
  domain: 'us.contoso.com',
};

/** The credential an operator would build for a tenant of the simulator. */
export function secretCredential(
  sim: RunningSimulator,
  tenantId: string,
  clientId: string,
  secret: string,
): ClientSecretCredential {
  return new ClientSecretCredential(tenantId, clientId, secret, {
    authorityHost: sim.url,
    disableInstanceDiscovery: true,
  });
}

/** A Graph SDK client against the simulator; `customHosts` is needed or the SDK sends no token to a non-Graph host. */
export function graphClient(sim: RunningSimulator, credential: TokenCredential): Client {
  return Client.initWithMiddleware({
    authProvider: new TokenCredentialAuthenticationProvider(credential, {
      scopes: ['https://graph.microsoft.com/.default'],
    }),
    baseUrl: sim.url,
    customHosts: new Set([new URL(sim.url).host.replace(/:\d+$/, '')]),
  });
}

/** A Graph client for one of the seeded tenants. */
export function tenantClient(
  sim: RunningSimulator,
  tenant: { tenantId: string; clientId: string; secret: string },
): Client {
  return graphClient(sim, secretCredential(sim, tenant.tenantId, tenant.clientId, tenant.secret));
}

/** Starts a simulator with the default seed. */
export function startDefaultSimulator(): Promise<RunningSimulator> {
  return startSimulator();
}

/** The HTTP status of a Graph SDK error (GraphError carries statusCode). */
export async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (err) {
    return (err as { statusCode?: number }).statusCode ?? -1;
  }
}
