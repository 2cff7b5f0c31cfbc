// Groups delta tracking named groups only, as Graph's "group: delta" page documents it: `$filter=id eq '…'`
// joined by `or`, at most 50 ids, the filter kept in every nextLink and deltaLink, anything else refused.
import type { Client } from '@microsoft/microsoft-graph-client';
import type { RunningSimulator } from '../../src/graph-sim/index.js';
import { CONTOSO, secretCredential, startDefaultSimulator, tenantClient } from './sim-fixture.js';

interface Item {
  id: string;
  [key: string]: unknown;
}
interface DeltaPage {
  value: Item[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

const ref = (id: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` });
const idFilter = (ids: string[]) => ids.map((id) => `id eq '${id}'`).join(' or ');

async function drain(client: Client, first: string): Promise<{ items: Item[]; link: string }> {
  const items: Item[] = [];
  let next = first;
  for (;;) {
    const page = (await client.api(next).header('Prefer', 'odata.maxpagesize=2').get()) as DeltaPage;
    items.push(...page.value);
    if (page['@odata.deltaLink']) return { items, link: page['@odata.deltaLink'] };
    next = page['@odata.nextLink'] as string;
  }
}

function filtered(filter: string): string {
  return `/groups/delta?$select=displayName,members&$filter=${encodeURIComponent(filter)}`;
}

describe('graph-sim groups delta filtered by id', () => {
  let sim: RunningSimulator;
  let contoso: Client;
  let groups: Item[];
  let userIds: string[];
  beforeAll(async () => {
    sim = await startDefaultSimulator();
    contoso = tenantClient(sim, CONTOSO);
    const users = (await contoso.api('/users').select('id').top(2).get()) as { value: Item[] };
    userIds = users.value.map((u) => u.id);
    groups = [];
    for (const name of ['Tracked One', 'Tracked Two', 'Tracked Three', 'Untracked']) {
      const body = {
        displayName: name,
        mailEnabled: false,
        mailNickname: name.replace(' ', '-'),
        securityEnabled: true,
      };
      groups.push((await contoso.api('/groups').post(body)) as Item);
    }
    await contoso.api(`/groups/${groups[0]?.id}/members/$ref`).post(ref(userIds[0] as string));
  });
  afterAll(() => sim.stop());

  it('returns only the named groups, with their members, and keeps the filter in its links', async () => {
    const [one, two, three, untracked] = groups as [Item, Item, Item, Item];
    const initial = await drain(contoso, filtered(idFilter([one.id, two.id, three.id])));
    expect(initial.items.map((g) => g.id).sort()).toEqual([one.id, two.id, three.id].sort());
    expect(initial.items.find((g) => g.id === one.id)?.['members@delta']).toEqual([
      { '@odata.type': '#microsoft.graph.user', id: userIds[0] },
    ]);

    await contoso.api(`/groups/${untracked.id}`).patch({ description: 'not tracked' });
    await contoso.api(`/groups/${untracked.id}/members/$ref`).post(ref(userIds[1] as string));
    await contoso.api(`/groups/${two.id}/members/$ref`).post(ref(userIds[1] as string));
    await contoso.api(`/groups/${three.id}`).delete();
    const next = await drain(contoso, initial.link);
    expect(next.items).toEqual([
      {
        id: two.id,
        displayName: 'Tracked Two',
        'members@delta': [{ '@odata.type': '#microsoft.graph.user', id: userIds[1] }],
      },
      { id: three.id, '@removed': { reason: 'changed' } },
    ]);
  });

  it('sends a client whose deltaLink expired back to a fresh read with the same filter', async () => {
    const one = groups[0] as Item;
    const filter = idFilter([one.id]);
    const { link } = await drain(contoso, filtered(filter));
    await sim.admin.advanceClock(8 * 86_400_000);
    const credential = secretCredential(sim, CONTOSO.tenantId, CONTOSO.clientId, CONTOSO.secret);
    const token = await credential.getToken('https://graph.microsoft.com/.default');
    const res = await fetch(link, { headers: { authorization: `Bearer ${token?.token}` } });
    expect(res.status).toBe(410);
    const location = new URL(res.headers.get('location') as string);
    expect(location.searchParams.get('$filter')).toBe(filter);
    expect(location.searchParams.get('$select')).toBe('displayName,members');
  });

  it.each([
    ['another property', "displayName eq 'Untracked'"],
    ['ne', "id ne '0b5f1b7e-2a3c-4d5e-8f90-1a2b3c4d5e6f'"],
    ['in', "id in ('0b5f1b7e-2a3c-4d5e-8f90-1a2b3c4d5e6f')"],
    ['and', "id eq '0b5f1b7e-2a3c-4d5e-8f90-1a2b3c4d5e6f' and id eq '1a2b3c4d-2a3c-4d5e-8f90-1a2b3c4d5e6f'"],
  ])('answers 400 Request_UnsupportedQuery to a filter on %s', async (_name, filter) => {
    const error = await contoso
      .api(filtered(filter))
      .get()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 400, code: 'Request_UnsupportedQuery' });
  });

  it('tracks 50 groups by id and refuses 51', async () => {
    const ids = (count: number) =>
      Array.from({ length: count }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    await expect(drain(contoso, filtered(idFilter(ids(50))))).resolves.toMatchObject({ items: [] });
    const error = await contoso
      .api(filtered(idFilter(ids(51))))
      .get()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 400, code: 'Request_UnsupportedQuery' });
  });
});
