import { ClientSecretCredential, type TokenCredential } from '@azure/identity';
import { Client } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import { startSimulator, type RunningSimulator } from '../../src/graph-sim/index.js';

export { CONTOSO, EMEA, US } from './contoso-tenants.js';

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
