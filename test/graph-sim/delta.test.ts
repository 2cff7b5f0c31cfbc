import type { Client } from '@microsoft/microsoft-graph-client';
import type { RunningSimulator } from '../../src/graph-sim/index.js';
import { EMEA, secretCredential, startDefaultSimulator, tenantClient } from './sim-fixture.js';

interface Item {
  id: string;
  '@removed'?: { reason: string };
  [key: string]: unknown;
}

interface DeltaPage {
  value: Item[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

/** Follows nextLinks to the deltaLink; returns every item and the deltaLink. */
async function drain(
  client: Client,
  first: string,
  pageSize = 10,
): Promise<{ items: Item[]; deltaLink: string; pages: number }> {
  const items: Item[] = [];
  let url = first;
  for (let pages = 1; ; pages++) {
    const page = (await client.api(url).header('Prefer', `odata.maxpagesize=${pageSize}`).get()) as DeltaPage;
    items.push(...page.value);
    if (page['@odata.deltaLink']) return { items, deltaLink: page['@odata.deltaLink'], pages };
    url = page['@odata.nextLink'] as string;
  }
}

const password = { password: 'Sim-Only-Pa55!' };

describe('graph-sim delta queries', () => {
  let sim: RunningSimulator;
  let emea: Client;
  beforeAll(async () => {
    sim = await startDefaultSimulator();
    emea = tenantClient(sim, EMEA);
  });
  afterAll(() => sim.stop());

  it('pages the initial round until a deltaLink, with every active user once', async () => {
    const { items, deltaLink, pages } = await drain(emea, '/users/delta?$select=displayName,department');
    const total = (await sim.admin.tenants()).find((t) => t.id === EMEA.tenantId)?.users;
    expect(pages).toBeGreaterThan(2);
    expect(items).toHaveLength(total as number);
    expect(new Set(items.map((u) => u.id)).size).toBe(items.length);
    expect(Object.keys(items[0] as Item).sort()).toEqual(['department', 'displayName', 'id']);
    expect(deltaLink).toMatch(/\/v1.0\/users\/delta\?\$deltatoken=/);
  });

  it('reports creates, updates, soft deletes, restores and permanent deletes, keeping $select', async () => {
    const start = await drain(emea, '/users/delta?$select=displayName,department');
    const created = (await emea.api('/users').post({
      accountEnabled: true,
      displayName: 'Noor Haddad',
      mailNickname: 'noor.haddad',
      userPrincipalName: 'noor.haddad@emea.contoso.com',
      passwordProfile: password,
      department: 'Sales',
    })) as Item;
    const updated = (await emea.api('/users/greta.schafer@emea.contoso.com').get()) as Item;
    await emea.api(`/users/${updated.id}`).patch({ department: 'Sales', jobTitle: 'Account Executive' });
    const softDeleted = (await emea.api('/users/jan.devries@emea.contoso.com').get()) as Item;
    await emea.api(`/users/${softDeleted.id}`).delete();

    const round1 = await drain(emea, start.deltaLink);
    const byId = new Map(round1.items.map((i) => [i.id, i]));
    expect(byId.get(created.id)).toEqual({ id: created.id, displayName: 'Noor Haddad', department: 'Sales' });
    expect(byId.get(updated.id)).toEqual({
      id: updated.id,
      displayName: 'Greta Schäfer',
      department: 'Sales',
    });
    expect(byId.get(softDeleted.id)).toEqual({ id: softDeleted.id, '@removed': { reason: 'changed' } });
    expect(round1.items).toHaveLength(3);

    await emea.api(`/directory/deletedItems/${softDeleted.id}/restore`).post({});
    await emea.api(`/users/${created.id}`).delete();
    await emea.api(`/directory/deletedItems/${created.id}`).delete();
    const round2 = await drain(emea, round1.deltaLink);
    const byId2 = new Map(round2.items.map((i) => [i.id, i]));
    expect(byId2.get(softDeleted.id)).toMatchObject({ id: softDeleted.id, displayName: 'Jan De Vries' });
    expect(byId2.get(created.id)).toEqual({ id: created.id, '@removed': { reason: 'deleted' } });

    const round3 = await drain(emea, round2.deltaLink);
    expect(round3.items).toEqual([]);
  });

  it('answers $deltatoken=latest with a deltaLink and no data, then only later changes', async () => {
    const latest = (await emea.api('/users/delta?$deltatoken=latest&$select=jobTitle').get()) as DeltaPage;
    expect(latest.value).toEqual([]);
    const user = (await emea.api('/users/eva.horvath@emea.contoso.com').get()) as Item;
    await emea.api(`/users/${user.id}`).patch({ jobTitle: 'Senior Support Engineer' });
    const next = await drain(emea, latest['@odata.deltaLink'] as string);
    expect(next.items).toEqual([{ id: user.id, jobTitle: 'Senior Support Engineer' }]);
  });

  it('reports group membership changes as members@delta', async () => {
    const roles = ['User.ReadWrite.All', 'Group.Read.All', 'GroupMember.ReadWrite.All'];
    await sim.admin.setAppRoles(EMEA.tenantId, EMEA.clientId, roles);
    emea = tenantClient(sim, EMEA);
    const groups = (await emea.api('/groups').filter("displayName eq 'Contoso EMEA Sales'").get()) as {
      value: Item[];
    };
    const group = groups.value[0] as Item;
    const initial = await drain(emea, '/groups/delta?$select=displayName,members');
    const sales = initial.items.find((g) => g.id === group.id) as Item;
    const members = sales['members@delta'] as Item[];
    expect(members.length).toBeGreaterThan(3);
    const leaving = members[0] as Item;
    const joining = (await emea.api('/users/amelie.laurent@emea.contoso.com').get()) as Item;
    await emea.api(`/groups/${group.id}/members/${leaving.id}/$ref`).delete();
    await emea
      .api(`/groups/${group.id}/members/$ref`)
      .post({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${joining.id}` });
    const next = await drain(emea, initial.deltaLink);
    expect(next.items).toEqual([
      {
        id: group.id,
        displayName: 'Contoso EMEA Sales',
        'members@delta': [
          { '@odata.type': '#microsoft.graph.user', id: leaving.id, '@removed': { reason: 'deleted' } },
          { '@odata.type': '#microsoft.graph.user', id: joining.id },
        ],
      },
    ]);
  });

  it('refuses $top on delta', async () => {
    await expect(emea.api('/users/delta').top(5).get()).rejects.toMatchObject({ statusCode: 400 });
  });

  it('answers 410 syncStateNotFound with a Location once a token is older than 7 days', async () => {
    const { deltaLink } = await drain(emea, '/users/delta?$select=displayName');
    await sim.admin.advanceClock(6 * 86_400_000);
    await expect(drain(emea, deltaLink)).resolves.toMatchObject({ items: [] });
    await sim.admin.advanceClock(2 * 86_400_000);
    const res = await fetch(deltaLink, {
      headers: { authorization: `Bearer ${(await tokenFor(sim)).token}` },
    });
    const body = (await res.json()) as { error: { code: string } };
    expect(res.status).toBe(410);
    expect(body.error.code).toBe('syncStateNotFound');
    expect(res.headers.get('location')).toBe(`${sim.url}/v1.0/users/delta?$select=displayName`);
  });
});

async function tokenFor(sim: RunningSimulator): Promise<{ token: string }> {
  const credential = secretCredential(sim, EMEA.tenantId, EMEA.clientId, EMEA.secret);
  return (await credential.getToken('https://graph.microsoft.com/.default')) as { token: string };
}
