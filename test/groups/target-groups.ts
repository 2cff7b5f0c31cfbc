// Reading the security groups a SyncScope created in Contoso, and writing source groups in EMEA, for the
// group synchronization tests.
import type { RunningSimulator } from '../../src/graph-sim/index.js';
import type { GraphClient } from '../../src/graph/index.js';
import { readAll } from '../../src/graph/index.js';
import { CONTOSO, EMEA, clientFor, type Tenant } from '../sync/engine.js';

/** The group anchor extension registered for groups on Contoso's operator app in the default seed. */
export const GROUP_ANCHOR = 'extension_3c1d6f0e8a2b4c7d9e5f0a1b2c3d4e5f_groupAnchor';
export const SALES_EMEA = 'fa95f939-5570-4530-b302-c462679575d3';
export const ENGINEERING_EMEA = 'e208954d-bf82-4153-8d5d-0c589b0392d0';

/** A target group anchored to an EMEA group, with its members' object ids. */
export interface TargetGroup {
  id: string;
  displayName: string;
  securityEnabled: boolean;
  mailEnabled: boolean;
  members: string[];
}

/** Contoso's groups anchored to EMEA groups, by source group id. */
export async function syncedGroups(target: GraphClient): Promise<Map<string, TargetGroup>> {
  const groups = await readAll<Record<string, unknown> & { id: string }>(
    target,
    `/groups?$select=id,displayName,securityEnabled,mailEnabled,${GROUP_ANCHOR}`,
  );
  const out = new Map<string, TargetGroup>();
  for (const g of groups) {
    const anchor = g[GROUP_ANCHOR];
    if (typeof anchor !== 'string' || !anchor.startsWith(`${EMEA.tenantId}:`)) continue;
    const members = await readAll<{ id: string }>(target, `/groups/${g.id}/members?$select=id`);
    out.set(anchor.slice(EMEA.tenantId.length + 1), {
      id: g.id,
      displayName: String(g['displayName']),
      securityEnabled: g['securityEnabled'] === true,
      mailEnabled: g['mailEnabled'] === true,
      members: members.map((m) => m.id).sort(),
    });
  }
  return out;
}

/** A client of a test app registered in EMEA with these roles: the test standing in for EMEA's administrators. */
async function emeaApp(sim: RunningSimulator, app: Tenant, roles: string[]): Promise<GraphClient> {
  await sim.admin.addApp(EMEA.tenantId, {
    appId: app.clientId,
    displayName: 'group administration (test)',
    secret: app.secret,
    roles,
  });
  return clientFor(sim, app);
}

/** A client of EMEA allowed to change group memberships. */
export function emeaAdmin(sim: RunningSimulator): Promise<GraphClient> {
  const app = { clientId: '0c7e8f9a-1b2c-4d3e-8f4a-5b6c7d8e9f0a', secret: 'emea-admin-secret' };
  return emeaApp(sim, { ...EMEA, ...app, domain: 'emea-admin.test' }, [
    'User.Read.All',
    'GroupMember.ReadWrite.All',
  ]);
}

/** A client of EMEA allowed to create groups and change memberships, and `count` groups no scope names made with it. */
export async function emeaWithUnrelatedGroups(sim: RunningSimulator, count: number): Promise<GraphClient> {
  const app = { clientId: '5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d', secret: 'emea-groups-secret' };
  const client = await emeaApp(sim, { ...EMEA, ...app, domain: 'emea-groups.test' }, [
    'User.Read.All',
    'Group.Create',
    'GroupMember.ReadWrite.All',
  ]);
  for (let i = 0; i < count; i += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, count - i) }, (_, n) =>
        client.send('POST', '/groups', {
          displayName: `Unrelated ${i + n}`,
          mailEnabled: false,
          mailNickname: `unrelated-${i + n}`,
          securityEnabled: true,
        }),
      ),
    );
  }
  return client;
}

/** Contoso's operator client. */
export function contoso(sim: RunningSimulator): GraphClient {
  return clientFor(sim, CONTOSO);
}

/** Writes to Contoso's groups (creates, updates, deletes, member references) in the request log since it was cleared. */
export async function groupWrites(sim: RunningSimulator): Promise<string[]> {
  return (await sim.admin.requests(CONTOSO.tenantId))
    .filter((r) => r.method !== 'GET' && r.path.includes('/groups'))
    .map((r) => `${r.method} ${r.path}`);
}
