// Group synchronization benchmark: G source security groups of M members each over N generated users, synced
// from Contoso EMEA into Contoso through the Graph simulator (a child process). The target starts with the
// users already provisioned (bench/preprovision.ts): the figures are the group pass's. One JSON line: initial
// group sync time, writes per group created and per member added and how many writes each $batch carried,
// writes in a cycle with no change, change-to-target latency of membership changes at the given interval,
// and the engine's peak RSS. The simulator's throttling is off: writes are counted, not paced; the time the
// same writes take at Graph's 20 writes/s per app and tenant is given beside it.
// Usage: npm run bench:groups -- [--groups 1000] [--members 100] [--users 10000] [--interval-ms 2000] [--changes 20]
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { SimAdminClient } from '../src/graph-sim/admin-client.js';
import { ensureSimulatorCa } from '../src/graph-sim/tls.js';
import { stableId } from '../src/graph-sim/seed/stable-id.js';
import type { GroupSyncSpec } from '../src/api/index.js';
import type { GraphClient } from '../src/graph/index.js';
import { emptySyncState, runSyncCycle, type CycleResult } from '../src/sync/cycle.js';
import { compileGroupMapping } from '../src/sync/groups/mapping.js';
import { counterpartsMadeLive } from '../src/sync/groups/counterparts.js';
import { emptyGroupSyncState, runGroupPass, type GroupPassResult } from '../src/sync/groups/pass.js';
import { CONTOSO, EMEA, defaultMapping, syncSpec, type Tenant } from '../test/sync/engine.js';
import { seedEmeaUsers } from '../test/sync/scopes.js';
import { GROUP_ANCHOR } from '../test/groups/target-groups.js';
import { benchClient } from './clients.js';
import { preprovisionTarget } from './preprovision.js';
import { startSimulatorProcess, stopChild } from './processes.js';

const { values } = parseArgs({
  options: {
    groups: { type: 'string', default: '1000' },
    members: { type: 'string', default: '100' },
    users: { type: 'string', default: '10000' },
    'interval-ms': { type: 'string', default: '2000' },
    changes: { type: 'string', default: '20' },
  },
});
const GROUPS = Number(values.groups);
const MEMBERS = Number(values.members);
const USERS = Number(values.users);
const INTERVAL_MS = Number(values['interval-ms']);
const CHANGES = Number(values.changes);
const GRAPH_WRITES_PER_SECOND = 20;
const SYNC_GROUP = '44322c5b-2c6d-5e7b-a7fa-f63f5705c2f6';

/** Graph without a quota of its own: the simulator's throttling is off, so the writes are counted, not paced. */
const UNPACED = { writesPer150s: 10_000_000, resourceUnitsPer10s: 10_000_000 };

function graph(url: string, tenant: Tenant, key: string): GraphClient {
  return benchClient(url, tenant, `bench-groups/${key}`, UNPACED);
}

const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** The bench groups: group i holds the MEMBERS users from i*USERS/GROUPS on, so every user is in some. */
function benchGroups(): { id: string; displayName: string; members: number[] }[] {
  return Array.from({ length: GROUPS }, (_, i) => {
    const first = Math.floor((i * USERS) / GROUPS);
    const displayName = `Bench group ${i}`;
    return {
      id: stableId(EMEA.tenantId, 'group', displayName),
      displayName,
      members: Array.from({ length: MEMBERS }, (_, k) => (first + k) % USERS),
    };
  });
}

async function main(): Promise<void> {
  const { caFile } = await ensureSimulatorCa();
  const sim = await startSimulatorProcess();
  const admin = new SimAdminClient(sim.url, await readFile(caFile, 'utf8'));
  try {
    for (const tenant of [EMEA, CONTOSO])
      await admin.setRealism(tenant.tenantId, { throttling: { enabled: false } });
    await seedEmeaUsers(admin, USERS);
    await preprovisionTarget(admin, USERS);
    const groups = benchGroups();
    await admin.seed({
      tenants: [
        {
          id: EMEA.tenantId,
          displayName: 'Contoso EMEA',
          domains: [EMEA.domain],
          groups: groups.map((g) => ({
            id: g.id,
            displayName: g.displayName,
            mailNickname: `bench-${g.id.slice(0, 8)}`,
            members: g.members.map((u) => `user${u}@${EMEA.domain}`),
          })),
        },
      ],
    });
    await admin.setAppRoles(EMEA.tenantId, EMEA.clientId, [
      'User.ReadWrite.All',
      'Group.Read.All',
      'GroupMember.ReadWrite.All',
    ]);
    const source = graph(sim.url, EMEA, 'engine');
    const target = graph(sim.url, CONTOSO, 'engine');
    const driver = graph(sim.url, EMEA, 'driver');

    const users = emptySyncState();
    const groupState = emptyGroupSyncState();
    const spec = syncSpec({ groups: [SYNC_GROUP] });
    const mapping = defaultMapping();
    const compiled = compileGroupMapping(undefined);
    if (!compiled.ok) throw new Error('the default group mapping does not compile');
    const groupSync: GroupSyncSpec = {
      assignedGroups: false,
      groupIds: groups.map((g) => g.id),
      anchorAttribute: GROUP_ANCHOR,
      deprovision: { onOutOfScope: 'Delete', onSourceDeleted: 'Delete' },
    };
    let peakRss = 0;
    const cycle = async (): Promise<{ users: CycleResult; groups: GroupPassResult; endMs: number }> => {
      const now = new Date();
      const userResult = await runSyncCycle({
        source,
        target,
        sourceTenantId: EMEA.tenantId,
        targetTenantId: CONTOSO.tenantId,
        spec,
        mapping,
        state: users,
        now,
      });
      const groupResult = await runGroupPass(
        {
          source,
          target,
          sourceTenantId: EMEA.tenantId,
          groupSync,
          assignedGroups: [],
          deletionThreshold: 500,
          mapping: compiled.mapping,
          users,
          madeLive: counterpartsMadeLive(userResult.outcomes),
          now,
          userDeprovisions: 0,
          usersHeld: false,
        },
        groupState,
      );
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      return { users: userResult, groups: groupResult, endMs: performance.now() };
    };

    // Initial sync: cycles one after another until the group pass has nothing left to write.
    const start = performance.now();
    let created = 0;
    let membersAdded = 0;
    let writes = 0;
    let writeRequests = 0;
    let cycles = 0;
    for (;;) {
      const { groups: g } = await cycle();
      cycles += 1;
      if (g.outcomes.length === 0) break;
      for (const o of g.outcomes.filter((x) => x.ok)) {
        if (o.action.kind === 'create') created += 1;
        if (o.action.kind === 'addMember') membersAdded += 1;
      }
      writes += g.outcomes.length;
      writeRequests += g.graph.writeRequests;
      if (cycles > 20) throw new Error('the initial group sync does not converge');
    }
    const initialSeconds = (performance.now() - start) / 1000;
    const idle = await cycle();
    const idleWrites = idle.users.outcomes.length + idle.groups.outcomes.length;

    // Latency: cycles every INTERVAL_MS while one member is added to a group every half interval.
    const pending = new Map<string, number>();
    const latencies: number[] = [];
    let running = true;
    const runner = (async () => {
      while (running || pending.size > 0) {
        const began = performance.now();
        const { groups: g, endMs } = await cycle();
        for (const o of g.outcomes) {
          if (o.ok && o.action.kind === 'addMember') {
            const key = `${o.action.sourceGroupId}/${o.action.memberId}`;
            const at = pending.get(key);
            if (at !== undefined) {
              latencies.push(endMs - at);
              pending.delete(key);
            }
          }
        }
        await new Promise((resolve) =>
          setTimeout(resolve, Math.max(0, INTERVAL_MS - (performance.now() - began))),
        );
      }
    })();
    const anchored = users.target.lookup().bySource.get(EMEA.tenantId);
    for (let i = 0; i < CHANGES; i++) {
      const group = groups[(i * 7919) % GROUPS] as (typeof groups)[number];
      const userIndex = ((group.members.at(-1) as number) + 1 + i) % USERS;
      const sourceUser = stableId(EMEA.tenantId, 'user', `user${userIndex}@${EMEA.domain}`);
      const targetUser = anchored?.get(sourceUser)?.id;
      if (!targetUser) throw new Error(`user${userIndex} has no counterpart`);
      const at = performance.now();
      await driver.send('POST', `/groups/${group.id}/members/$ref`, {
        '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${sourceUser}`,
      });
      pending.set(`${group.id}/${targetUser}`, at);
      await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS / 2));
    }
    running = false;
    await Promise.race([runner, new Promise((resolve) => setTimeout(resolve, 120_000))]);
    running = false;
    const sorted = latencies.map((ms) => ms / 1000).sort((a, b) => a - b);
    const memberships = GROUPS * MEMBERS;
    console.log(
      JSON.stringify({
        bench: 'groups',
        groups: GROUPS,
        membersPerGroup: MEMBERS,
        users: USERS,
        initial: {
          seconds: round(initialSeconds, 1),
          cycles,
          groupsCreated: created,
          membersAdded,
          writesPerGroupCreated: round((writes - membersAdded) / Math.max(1, created), 3),
          writesPerMembership: round(membersAdded / memberships, 3),
          writes,
          batchRequests: writeRequests,
          writesPerBatchRequest: round(writes / Math.max(1, writeRequests), 1),
          secondsAtGraphWriteLimit: round(writes / GRAPH_WRITES_PER_SECOND, 0),
        },
        idleCycleWrites: idleWrites,
        latency: {
          intervalSeconds: INTERVAL_MS / 1000,
          changes: sorted.length,
          p50Seconds: round(percentile(sorted, 50)),
          p95Seconds: round(percentile(sorted, 95)),
          targetSeconds: INTERVAL_MS / 1000 + 5,
        },
        peakRssMiB: round(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 2 ** 20, 0),
      }),
    );
  } finally {
    await stopChild(sim.child);
  }
}

await main();
// The Graph clients keep sockets alive: end now rather than when they time out.
process.exit(0);
