// One sync cycle at a time, driven directly against the simulator (no Kubernetes): reads, plan, apply.
import { startSimulator, type RunningSimulator } from '../../src/graph-sim/index.js';
import { createInvitation, listDeletedUsers, type GraphClient } from '../../src/graph/index.js';
import {
  ANCHOR,
  CONTOSO,
  EMEA,
  Engine,
  anchoredUsers,
  clientFor,
  defaultMapping,
  groupId,
  syncSpec,
  userId,
} from './engine.js';

let sim: RunningSimulator;
let source: GraphClient;
let target: GraphClient;
let admin: GraphClient;
let syncGroup: string;

beforeAll(async () => {
  sim = await startSimulator();
  const roles = [
    'User.ReadWrite.All',
    'User.Invite.All',
    'Group.Read.All',
    'GroupMember.ReadWrite.All',
    'Organization.Read.All',
  ];
  await sim.admin.setAppRoles(EMEA.tenantId, EMEA.clientId, roles);
  source = clientFor(sim, EMEA);
  target = clientFor(sim, CONTOSO);
  admin = clientFor(sim, EMEA);
  syncGroup = await groupId(source, 'Sync to Contoso');
});
afterAll(async () => {
  await sim.stop();
});

function engine(extra: Record<string, unknown> = {}): Engine {
  return new Engine({
    source,
    target,
    sourceTenantId: EMEA.tenantId,
    targetTenantId: CONTOSO.tenantId,
    spec: syncSpec({ groups: [syncGroup] }, extra),
    mapping: defaultMapping(),
  });
}

async function writesSince(mark: number): Promise<string[]> {
  const log = await sim.admin.requests(CONTOSO.tenantId);
  return log
    .slice(mark)
    .filter((r) => r.method !== 'GET' && !r.path.endsWith('$batch'))
    .map((r) => `${r.method} ${r.path}`);
}

describe('a sync cycle against the simulator', () => {
  const sync = (): Engine => shared;
  let shared: Engine;

  it('provisions the direct internal members of the assigned group as Member B2B users with mapped attributes', async () => {
    shared = engine();
    const first = await sync().cycle();
    expect(first.kind).toBe('Initial');
    const users = await anchoredUsers(target, EMEA.tenantId);
    // 20 internal members; the B2B member, the internal guest and the nested group's member stay out.
    expect(users.size).toBe(20);
    const zoe = users.get(await userId(source, 'zoe.dubois@emea.contoso.com'));
    expect(zoe).toMatchObject({
      mail: 'zoe.dubois@emea.contoso.com',
      displayName: 'Zoë Dubois',
      department: 'Sales',
      userType: 'Member',
      creationType: 'Invitation',
      accountEnabled: true,
    });
    expect(zoe?.onPremisesExtensionAttributes?.extensionAttribute15).toMatch(
      new RegExp(`^${EMEA.tenantId}:`),
    );
    const mails = [...users.values()].map((u) => u.mail);
    expect(mails).not.toContain('contractor.guest@emea.contoso.com');
    expect(mails).not.toContain('liam.smith@us.contoso.com');
    expect(first.done.created).toBe(20);
    // Disabled in the source: created disabled.
    const dmitri = users.get(await userId(source, 'dmitri.ivanovic@emea.contoso.com'));
    expect(dmitri?.accountEnabled).toBe(false);
  });

  it('writes nothing in a cycle without changes', async () => {
    const mark = (await sim.admin.requests(CONTOSO.tenantId)).length;
    const result = await sync().cycle();
    expect(result.kind).toBe('Incremental');
    expect(result.plan.actions).toEqual([]);
    expect(await writesSince(mark)).toEqual([]);
  });

  it('carries a department change to the target in the next cycle', async () => {
    const id = await userId(source, 'jurgen.weiss@emea.contoso.com');
    await admin.send('PATCH', `/users/${id}`, { department: 'Presales' });
    const result = await sync().cycle();
    expect(result.done.updated).toBe(1);
    expect((await anchoredUsers(target, EMEA.tenantId)).get(id)?.department).toBe('Presales');
  });

  it('corrects a hand edit made in the target', async () => {
    const id = await userId(source, 'asa.lindqvist@emea.contoso.com');
    const targetUser = (await anchoredUsers(target, EMEA.tenantId)).get(id);
    await target.send('PATCH', `/users/${targetUser?.id}`, { department: 'Edited by hand' });
    await sync().cycle();
    expect((await anchoredUsers(target, EMEA.tenantId)).get(id)?.department).toBe('Sales');
  });

  it('soft-deletes a user removed from the group and restores it when added back', async () => {
    const id = await userId(source, 'eva.horvath@emea.contoso.com');
    const targetId = (await anchoredUsers(target, EMEA.tenantId)).get(id)?.id as string;
    await admin.send('DELETE', `/groups/${syncGroup}/members/${id}/$ref`);
    const removed = await sync().cycle();
    expect(removed.done.deprovisioned).toBe(1);
    // Counted in the cycle that deprovisions and restores, not one later.
    expect(removed.counts.provisioned).toBe(19);
    expect((await anchoredUsers(target, EMEA.tenantId)).has(id)).toBe(false);
    expect((await listDeletedUsers(target)).map((u) => u.id)).toContain(targetId);

    await admin.send('POST', `/groups/${syncGroup}/members/$ref`, {
      '@odata.id': `${sim.url}/v1.0/directoryObjects/${id}`,
    });
    const back = await sync().cycle();
    expect(back.done.restored).toBe(1);
    expect(back.counts.provisioned).toBe(20);
    expect((await anchoredUsers(target, EMEA.tenantId)).get(id)?.id).toBe(targetId);
  });

  it('disables the target user when the source user is disabled', async () => {
    const id = await userId(source, 'hakon.berg@emea.contoso.com');
    await admin.send('PATCH', `/users/${id}`, { accountEnabled: false });
    const result = await sync().cycle();
    expect(result.done.deprovisioned).toBe(1);
    expect((await anchoredUsers(target, EMEA.tenantId)).get(id)?.accountEnabled).toBe(false);
  });

  it('rebuilds everything from Graph after a restart and finds nothing to do', async () => {
    const restarted = engine();
    const result = await restarted.cycle();
    expect(result.kind).toBe('Initial');
    expect(result.plan.actions).toEqual([]);
    expect(result.counts.provisioned).toBe(20);
  });
});

describe('safety', () => {
  it('holds every deprovision past the threshold until approved, then applies them', async () => {
    const sync = engine({ safety: { deletionThreshold: 2 } });
    await sync.cycle();
    const ids = await Promise.all(
      ['matthias.muller', 'soren.kjrgaard', 'francois.moreau'].map((n) =>
        userId(source, `${n}@emea.contoso.com`),
      ),
    );
    for (const id of ids) await admin.send('DELETE', `/groups/${syncGroup}/members/${id}/$ref`);
    const held = await sync.cycle();
    expect(held.thresholdExceeded).toBe(true);
    expect(held.staged).toHaveLength(3);
    expect(held.done.deprovisioned).toBe(0);
    const stillThere = await anchoredUsers(target, EMEA.tenantId);
    for (const id of ids) expect(stillThere.has(id)).toBe(true);

    const approved = await sync.cycle({ approveDeletions: true });
    expect(approved.done.deprovisioned).toBe(3);
    const after = await anchoredUsers(target, EMEA.tenantId);
    for (const id of ids) expect(after.has(id)).toBe(false);
    for (const id of ids)
      await admin.send('POST', `/groups/${syncGroup}/members/$ref`, {
        '@odata.id': `${sim.url}/v1.0/directoryObjects/${id}`,
      });
    await sync.cycle();
  });

  it('lets a threshold of exactly the number of deprovisions through', async () => {
    const sync = engine({ safety: { deletionThreshold: 1 } });
    await sync.cycle();
    const id = await userId(source, 'jan.devries@emea.contoso.com');
    await admin.send('DELETE', `/groups/${syncGroup}/members/${id}/$ref`);
    const result = await sync.cycle();
    expect(result.thresholdExceeded).toBe(false);
    expect(result.done.deprovisioned).toBe(1);
    await admin.send('POST', `/groups/${syncGroup}/members/$ref`, {
      '@odata.id': `${sim.url}/v1.0/directoryObjects/${id}`,
    });
    await sync.cycle();
  });

  it('plans without writing in DryRun', async () => {
    const id = await userId(source, 'elif.demir@emea.contoso.com');
    await admin.send('PATCH', `/users/${id}`, { department: 'Growth' });
    const mark = (await sim.admin.requests(CONTOSO.tenantId)).length;
    const result = await engine().cycle({ dryRun: true });
    expect(result.plan.actions).toEqual([
      expect.objectContaining({
        kind: 'update',
        changes: [{ attribute: 'department', from: 'Marketing', to: 'Growth' }],
      }),
    ]);
    const log = await sim.admin.requests(CONTOSO.tenantId);
    expect(log.slice(mark).filter((r) => r.method !== 'GET')).toEqual([]);
  });
});

describe('crash between invitation and PATCH', () => {
  const ADDRESS = 'zoe.dubois@emea.contoso.com';

  /** A fresh simulator in which Zoë was invited as a Member B2B user and never anchored, and an engine. */
  async function afterCrash(
    run: (sync: Engine, invitedUserId: string, fresh: RunningSimulator) => Promise<void>,
  ) {
    const fresh = await startSimulator();
    try {
      const src = clientFor(fresh, EMEA);
      const tgt = clientFor(fresh, CONTOSO);
      const group = await groupId(src, 'Sync to Contoso');
      const invited = await createInvitation(tgt, {
        email: ADDRESS,
        displayName: 'Zoë Dubois',
        redirectUrl: 'https://myapplications.microsoft.com',
        userType: 'Member',
      });
      const sync = new Engine({
        source: src,
        target: tgt,
        sourceTenantId: EMEA.tenantId,
        targetTenantId: CONTOSO.tenantId,
        spec: syncSpec({ groups: [group] }),
        mapping: defaultMapping(),
      });
      await fresh.admin.clearRequests();
      await run(sync, invited.invitedUserId, fresh);
    } finally {
      await fresh.stop();
    }
  }

  async function withAddress(fresh: RunningSimulator): Promise<unknown[]> {
    const found = await clientFor(fresh, CONTOSO).get<{ value: unknown[] }>(
      `/users?$filter=${encodeURIComponent(`mail eq '${ADDRESS}'`)}&$select=id`,
    );
    return found.value;
  }

  it('finishes a user its recorded invitation made, without inviting the address again', async () => {
    await afterCrash(async (sync, invitedUserId, fresh) => {
      const zoeId = await userId(sync.input.source, ADDRESS);
      sync.state.inFlight.set(zoeId, { email: ADDRESS, since: new Date().toISOString() });
      const result = await sync.cycle();
      expect(result.plan.failures).toEqual([]);
      const users = await anchoredUsers(sync.input.target, EMEA.tenantId);
      expect(users.size).toBe(20);
      expect(users.get(zoeId)?.id).toBe(invitedUserId);
      expect(await withAddress(fresh)).toHaveLength(1);
      const invitations = (await fresh.admin.requests(CONTOSO.tenantId)).filter((r) =>
        r.path.endsWith('/invitations'),
      );
      expect(invitations).toHaveLength(19);
      expect(sync.state.inFlight.size).toBe(0);
      expect(ANCHOR).toBe(sync.input.spec.anchorAttribute);
    });
  });

  it('reports an unanchored user at an address it did not record as a conflict, and leaves it alone', async () => {
    await afterCrash(async (sync, invitedUserId, fresh) => {
      const zoeId = await userId(sync.input.source, ADDRESS);
      const result = await sync.cycle();
      expect(result.plan.failures).toEqual([
        expect.objectContaining({ sourceUserId: zoeId, reason: 'TargetUserExists' }),
      ]);
      const users = await anchoredUsers(sync.input.target, EMEA.tenantId);
      expect(users.size).toBe(19);
      expect(await withAddress(fresh)).toEqual([{ id: invitedUserId }]);
    });
  });

  it('holds a recorded invitation whose user is not listed until it may have replicated, then sends it once', async () => {
    const fresh = await startSimulator();
    try {
      const src = clientFor(fresh, EMEA);
      const group = await groupId(src, 'Sync to Contoso');
      const sync = new Engine({
        source: src,
        target: clientFor(fresh, CONTOSO),
        sourceTenantId: EMEA.tenantId,
        targetTenantId: CONTOSO.tenantId,
        spec: syncSpec({ groups: [group] }),
        mapping: defaultMapping(),
      });
      // Recorded just before a crash: whether it reached Graph is unknown, and no user is listed for it.
      const zoeId = await userId(src, ADDRESS);
      const now = Date.now();
      sync.state.inFlight.set(zoeId, { email: ADDRESS, since: new Date(now).toISOString() });
      const invitations = async () =>
        (await fresh.admin.requests(CONTOSO.tenantId)).filter((r) => r.path.endsWith('/invitations')).length;
      await fresh.admin.clearRequests();
      await sync.cycle({ now: new Date(now + 5_000) });
      expect((await anchoredUsers(sync.input.target, EMEA.tenantId)).has(zoeId)).toBe(false);
      expect(await invitations()).toBe(19);
      await sync.cycle({ now: new Date(now + 61_000) });
      expect((await anchoredUsers(sync.input.target, EMEA.tenantId)).has(zoeId)).toBe(true);
      expect(await invitations()).toBe(20);
      expect(await withAddress(fresh)).toHaveLength(1);
    } finally {
      await fresh.stop();
    }
  });
});
