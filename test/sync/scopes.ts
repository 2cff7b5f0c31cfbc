// SyncScopes in the test cluster, and the generated source users the larger tests sync.
import type { SimAdminClient } from '../../src/graph-sim/admin-client.js';
import type { KubeClients } from '../../src/kube/client.js';
import { create, resourceOf } from '../support/resources.js';
import { EMEA } from './engine.js';

export const SYNC_SCOPES = resourceOf('SyncScope');

/** Creates a SyncScope into the `contoso` TenantLink with a 1 s interval, unless `spec` says otherwise. */
export async function createSyncScope(
  clients: KubeClients,
  namespace: string,
  name: string,
  spec: Record<string, unknown>,
): Promise<void> {
  await create(clients, 'SyncScope', namespace, name, {
    target: { tenantLinkRef: 'contoso' },
    interval: '1s',
    ...spec,
  });
}

/** Adds `count` generated users to Contoso EMEA, all direct members of its 'Sync to Contoso' group. */
export async function seedEmeaUsers(admin: SimAdminClient, count: number): Promise<void> {
  await admin.seed({
    tenants: [
      {
        id: EMEA.tenantId,
        displayName: 'Contoso EMEA',
        domains: [EMEA.domain],
        generate: { count, group: 'Sync to Contoso' },
      },
    ],
  });
}
