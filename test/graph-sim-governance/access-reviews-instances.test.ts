// Access review instances over HTTPS with the real Graph SDK: started by the recurrence on the simulator clock,
// ended with the default decision, stopped, applied automatically or on request; denied members leave the
// reviewed group, which /members and groups delta show.
import type { Client } from '@microsoft/microsoft-graph-client';
import type { AccessReviewsAdmin } from '../../src/graph-sim/governance/access-reviews/admin-client.js';
import type { RunningSimulator } from '../../src/graph-sim/index.js';
import { EMEA, tenantClient } from '../graph-sim/sim-fixture.js';
import {
  DEFINITIONS,
  SYNC_GROUP,
  failureOf,
  groupReview,
  onlyInstance,
  readAllPages,
  simToday,
  startReviewSimulator,
  type Decision,
  type Page,
} from './access-review-fixture.js';

const DAY = 86_400_000;

interface DeltaPage {
  value: { id: string; 'members@delta'?: { id: string; '@removed'?: unknown }[] }[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

async function deltaLink(client: Client, url: string): Promise<{ link: string; items: DeltaPage['value'] }> {
  const items: DeltaPage['value'] = [];
  for (let next = url; ;) {
    const page = (await client.api(next).get()) as DeltaPage;
    items.push(...page.value);
    if (page['@odata.deltaLink']) return { link: page['@odata.deltaLink'], items };
    next = page['@odata.nextLink'] as string;
  }
}

describe('graph-sim access review instances', () => {
  let sim: RunningSimulator;
  let reviews: AccessReviewsAdmin;
  let emea: Client;
  let groupId: string;
  beforeAll(async () => {
    ({ sim, reviews } = await startReviewSimulator());
    emea = tenantClient(sim, EMEA);
    const group = (await emea.api('/groups').filter("displayName eq 'Contoso EMEA Sales'").get()) as Page<{
      id: string;
    }>;
    groupId = (group.value[0] as { id: string }).id;
  });
  afterAll(() => sim.stop());

  async function members(group = groupId): Promise<string[]> {
    return (await readAllPages<{ id: string }>(emea, `/groups/${group}/members`)).items.map((m) => m.id);
  }

  it('starts an instance when the recurrence comes due on the simulator clock, and ends it with the default decision applied', async () => {
    const body = groupReview(
      'Weekly sales',
      `/groups/${groupId}/members/microsoft.graph.user`,
      await simToday(sim, 2),
      {
        instanceDurationInDays: 1,
        defaultDecisionEnabled: true,
        defaultDecision: 'Deny',
        autoApplyDecisionsEnabled: true,
        applyActions: [{ '@odata.type': '#microsoft.graph.removeAccessApplyAction' }],
      },
    );
    const created = (await emea.api(DEFINITIONS).post(body)) as { id: string; status: string };
    expect(created.status).toBe('NotStarted');
    expect(((await emea.api(`${DEFINITIONS}/${created.id}/instances`).get()) as Page<unknown>).value).toEqual(
      [],
    );
    const before = await members();
    const delta = await deltaLink(emea, '/groups/delta?$select=displayName,members');

    await sim.admin.advanceClock(2 * DAY);
    const started = await onlyInstance(emea, created.id);
    expect(started.status).toBe('InProgress');
    const decisions = `${DEFINITIONS}/${created.id}/instances/${started.id}/decisions`;
    const items = (await readAllPages<Decision>(emea, decisions)).items;
    expect(items.map((d) => d.principal.id).sort()).toEqual([...before].sort());
    expect(items[0]?.resource).toMatchObject({ id: groupId, type: 'group' });
    const kept = items[0] as Decision;
    await reviews.decideFor(EMEA.tenantId, created.id, kept.principal.id, {
      decision: 'Approve',
      justification: 'still sells',
      reviewer: kept.principal.id,
    });

    await sim.admin.advanceClock(DAY);
    const ended = (await emea.api(`${DEFINITIONS}/${created.id}/instances/${started.id}`).get()) as {
      status: string;
    };
    expect(ended.status).toBe('Applied');
    const after = (await readAllPages<Decision>(emea, decisions)).items;
    const keptAfter = after.find((d) => d.id === kept.id);
    expect(keptAfter).toMatchObject({ decision: 'Approve', applyResult: 'AppliedSuccessfully' });
    const defaulted = after.filter((d) => d.id !== kept.id);
    expect(defaulted.every((d) => d.decision === 'Deny' && d.applyResult === 'AppliedSuccessfully')).toBe(
      true,
    );
    expect(defaulted[0]?.reviewedBy.displayName).toBe('AAD Access Reviews');
    expect(await members()).toEqual([kept.principal.id]);

    const changes = await deltaLink(emea, delta.link);
    const removed = changes.items.find((g) => g.id === groupId)?.['members@delta'] ?? [];
    expect(removed.map((m) => m.id).sort()).toEqual(defaulted.map((d) => d.principal.id).sort());
    expect(removed.every((m) => m['@removed'] !== undefined)).toBe(true);
  });

  it('stops an instance and applies its decisions on request when auto-apply is off', async () => {
    const zoe = (await emea.api('/users/zoe.dubois@emea.contoso.com').get()) as { id: string };
    const leaving = (await emea.api('/users/jurgen.weiss@emea.contoso.com').get()) as { id: string };
    const body = groupReview(
      'Managed sync',
      `/groups/${SYNC_GROUP}/transitiveMembers/microsoft.graph.user`,
      await simToday(sim),
      {},
      [{ query: './manager', queryType: 'MicrosoftGraph', queryRoot: 'decisions' }],
    );
    const created = (await emea.api(DEFINITIONS).post(body)) as { id: string };
    const instance = await onlyInstance(emea, created.id);
    const base = `${DEFINITIONS}/${created.id}/instances/${instance.id}`;
    expect(await failureOf(emea.api(`${base}/applyDecisions`).post({}))).toMatchObject({
      statusCode: 400,
      code: 'BadRequest',
    });
    // Jürgen's manager is Zoë (seed): she reviews.
    await expect(
      reviews.decideFor(EMEA.tenantId, created.id, leaving.id, { decision: 'Deny', reviewer: leaving.id }),
    ).rejects.toThrow(/403/);
    await reviews.decideFor(EMEA.tenantId, created.id, leaving.id, { decision: 'Deny', reviewer: zoe.id });
    await emea.api(`${base}/stop`).post({});
    expect(((await emea.api(base).get()) as { status: string }).status).toBe('Completed');
    const denied = (await emea.api(`${base}/decisions`).filter("decision eq 'Deny'").get()) as Page<Decision>;
    expect(denied.value.map((d) => [d.principal.id, d.applyResult])).toEqual([[leaving.id, 'New']]);
    expect(await members(SYNC_GROUP)).toContain(leaving.id);

    await emea.api(`${base}/applyDecisions`).post({});
    expect(((await emea.api(base).get()) as { status: string }).status).toBe('Applied');
    const applied = (await emea
      .api(`${base}/decisions`)
      .filter(`principal/id eq '${leaving.id}'`)
      .get()) as Page<Decision>;
    expect(applied.value[0]).toMatchObject({ decision: 'Deny', applyResult: 'AppliedSuccessfully' });
    expect(await members(SYNC_GROUP)).not.toContain(leaving.id);
    expect(await failureOf(emea.api(`${base}/stop`).post({}))).toMatchObject({
      statusCode: 400,
      code: 'BadRequest',
    });
  });

  it('records decisions for every item with batchRecordDecisions as the application', async () => {
    const body = groupReview('Batch', `/groups/${groupId}/members/microsoft.graph.user`, await simToday(sim));
    const created = (await emea.api(DEFINITIONS).post(body)) as { id: string };
    const instance = await onlyInstance(emea, created.id);
    const base = `${DEFINITIONS}/${created.id}/instances/${instance.id}`;
    await emea
      .api(`${base}/batchRecordDecisions`)
      .post({ decision: 'Approve', justification: 'bulk approval' });
    const items = (await readAllPages<Decision>(emea, `${base}/decisions`)).items;
    expect(items.length).toBeGreaterThan(0);
    expect(
      items.every((d) => d.decision === 'Approve' && d.reviewedBy.displayName === 'crosstenant-operator'),
    ).toBe(true);
    await emea.api(`${base}/resetDecisions`).post({});
    const reset = (await emea
      .api(`${base}/decisions`)
      .filter("decision eq 'NotReviewed'")
      .get()) as Page<Decision>;
    expect(reset.value).toHaveLength(items.length);
  });
});
