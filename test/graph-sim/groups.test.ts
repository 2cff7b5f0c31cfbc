import type { Client } from '@microsoft/microsoft-graph-client';
import type { RunningSimulator } from '../../src/graph-sim/index.js';
import { CONTOSO, startDefaultSimulator, statusOf, tenantClient } from './sim-fixture.js';

// Registered for groups on Contoso's operator app in the default seed.
const ANCHOR = 'extension_3c1d6f0e8a2b4c7d9e5f0a1b2c3d4e5f_groupAnchor';
const USER_EXTENSION = 'extension_3c1d6f0e8a2b4c7d9e5f0a1b2c3d4e5f_sourceAnchor';

interface Group {
  id: string;
  [key: string]: unknown;
}
interface DeltaPage {
  value: Record<string, unknown>[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

const ref = (id: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` });
const securityGroup = (name: string, extra: Record<string, unknown> = {}) => ({
  displayName: name,
  mailEnabled: false,
  mailNickname: name.replace(/\s+/g, '-').toLowerCase(),
  securityEnabled: true,
  ...extra,
});

async function readDelta(
  client: Client,
  start: string,
): Promise<{ items: Record<string, unknown>[]; link: string }> {
  const items: Record<string, unknown>[] = [];
  let next = start;
  for (;;) {
    const page = (await client.api(next).get()) as DeltaPage;
    items.push(...page.value);
    if (page['@odata.deltaLink']) return { items, link: page['@odata.deltaLink'] };
    if (!page['@odata.nextLink']) throw new Error('a delta page with neither nextLink nor deltaLink');
    next = page['@odata.nextLink'];
  }
}

describe('graph-sim security groups', () => {
  let sim: RunningSimulator;
  let contoso: Client;
  let userIds: string[];
  beforeAll(async () => {
    sim = await startDefaultSimulator();
    contoso = tenantClient(sim, CONTOSO);
    const users = (await contoso.api('/users').select('id').top(3).get()) as { value: { id: string }[] };
    userIds = users.value.map((u) => u.id);
  });
  afterAll(() => sim.stop());

  it('stores a directory extension registered for groups, returned only when selected', async () => {
    const group = (await contoso
      .api('/groups')
      .post(securityGroup('Anchored', { [ANCHOR]: 'src:1' }))) as Group;
    const plain = (await contoso.api(`/groups/${group.id}`).get()) as Group;
    expect(plain[ANCHOR]).toBeUndefined();
    const selected = (await contoso
      .api(`/groups/${group.id}`)
      .select(['displayName', ANCHOR])
      .get()) as Group;
    expect(selected[ANCHOR]).toBe('src:1');
    // An extension registered for users only is not a group property.
    expect(
      await statusOf(contoso.api('/groups').post(securityGroup('Wrong', { [USER_EXTENSION]: 'x' }))),
    ).toBe(400);
  });

  it('answers 400 to a member added twice and 404 to removing a non-member', async () => {
    const group = (await contoso.api('/groups').post(securityGroup('Twice'))) as Group;
    const user = userIds[0] as string;
    await contoso.api(`/groups/${group.id}/members/$ref`).post(ref(user));
    const again = await contoso
      .api(`/groups/${group.id}/members/$ref`)
      .post(ref(user))
      .catch((e: unknown) => e);
    expect(again).toMatchObject({ statusCode: 400, code: 'Request_BadRequest' });
    await contoso.api(`/groups/${group.id}/members/${user}/$ref`).delete();
    const gone = await contoso
      .api(`/groups/${group.id}/members/${user}/$ref`)
      .delete()
      .catch((e: unknown) => e);
    expect(gone).toMatchObject({ statusCode: 404, code: 'Request_ResourceNotFound' });
  });

  it('adds members through $batch, each request answered on its own', async () => {
    const group = (await contoso.api('/groups').post(securityGroup('Batched'))) as Group;
    const requests = userIds.map((id, i) => ({
      id: String(i + 1),
      method: 'POST',
      url: `/groups/${group.id}/members/$ref`,
      headers: { 'Content-Type': 'application/json' },
      body: ref(id),
    }));
    requests.push({ ...requests[0]!, id: 'dup', body: ref(userIds[0] as string) });
    const result = (await contoso.api('/$batch').post({ requests: requests.slice(0, 3) })) as {
      responses: { id: string; status: number }[];
    };
    expect(result.responses.map((r) => r.status)).toEqual([204, 204, 204]);
    const dup = (await contoso.api('/$batch').post({ requests: [requests[3]] })) as {
      responses: { status: number }[];
    };
    expect(dup.responses[0]?.status).toBe(400);
    const members = (await contoso.api(`/groups/${group.id}/members`).select('id').get()) as {
      value: { id: string }[];
    };
    expect(members.value.map((m) => m.id).sort()).toEqual([...userIds].sort());
  });

  it('answers 404 to a member reference on a group still replicating, then takes it', async () => {
    await sim.admin.setRealism(CONTOSO.tenantId, { replicationLagMs: 60_000 });
    try {
      const group = (await contoso.api('/groups').post(securityGroup('Fresh'))) as Group;
      expect(
        await statusOf(contoso.api(`/groups/${group.id}/members/$ref`).post(ref(userIds[0] as string))),
      ).toBe(404);
      await sim.admin.setRealism(CONTOSO.tenantId, { replicationLagMs: 0 });
      await contoso.api(`/groups/${group.id}/members/$ref`).post(ref(userIds[0] as string));
    } finally {
      await sim.admin.setRealism(CONTOSO.tenantId, { replicationLagMs: 0 });
    }
  });

  it('follows created groups, their anchor and their members through groups delta, and a delete to deleted items', async () => {
    const start = await readDelta(contoso, `/groups/delta?$select=displayName,${ANCHOR},members`);
    const group = (await contoso
      .api('/groups')
      .post(securityGroup('Followed', { [ANCHOR]: 'src:2' }))) as Group;
    await contoso.api(`/groups/${group.id}/members/$ref`).post(ref(userIds[1] as string));
    const changes = await readDelta(contoso, start.link);
    const seen = changes.items.find((g) => g['id'] === group.id);
    expect(seen).toMatchObject({ displayName: 'Followed', [ANCHOR]: 'src:2' });
    expect(seen?.['members@delta']).toEqual([{ '@odata.type': '#microsoft.graph.user', id: userIds[1] }]);
    await contoso.api(`/groups/${group.id}/members/${userIds[1]}/$ref`).delete();
    await contoso.api(`/groups/${group.id}`).delete();
    const after = await readDelta(contoso, changes.link);
    // A deleted security group waits in deleted items (Graph's delete group page): removed as `changed`.
    expect(after.items.find((g) => g['id'] === group.id)).toEqual({
      id: group.id,
      '@removed': { reason: 'changed' },
    });
    const deleted = (await contoso.api('/directory/deletedItems/microsoft.graph.group').get()) as {
      value: Group[];
    };
    expect(deleted.value.find((g) => g.id === group.id)).toMatchObject({ displayName: 'Followed' });
    expect(await statusOf(contoso.api(`/groups/${group.id}`).get())).toBe(404);
  });
});
