// Access review schedule definitions over HTTPS with the real Graph SDK: create, list, get, replace, delete,
// decisions with paging and $filter, reviewers, permissions and Graph's error bodies.
import type { Client } from '@microsoft/microsoft-graph-client';
import type { AccessReviewsAdmin } from '../../src/graph-sim/governance/access-reviews/admin-client.js';
import type { RunningSimulator } from '../../src/graph-sim/index.js';
import { EMEA, US, tenantClient } from '../graph-sim/sim-fixture.js';
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

describe('graph-sim access review definitions', () => {
  let sim: RunningSimulator;
  let reviews: AccessReviewsAdmin;
  let emea: Client;
  beforeAll(async () => {
    ({ sim, reviews } = await startReviewSimulator());
    emea = tenantClient(sim, EMEA);
  });
  afterAll(() => sim.stop());

  it('creates a definition (201), lists it with $top=100, gets it and replaces its settings with PUT', async () => {
    const body = groupReview(
      'Recertify sync',
      `/groups/${SYNC_GROUP}/transitiveMembers/microsoft.graph.user`,
      await simToday(sim),
    );
    const created = (await emea.api(DEFINITIONS).post(body)) as Record<string, unknown>;
    expect(created).toMatchObject({
      displayName: 'Recertify sync',
      scope: body['scope'],
      status: 'InProgress',
    });
    expect(created['createdBy']).toMatchObject({ displayName: 'crosstenant-operator' });
    const id = created['id'] as string;
    const listed = (await emea.api(`${DEFINITIONS}?$top=100`).get()) as { value: { id: string }[] };
    expect(listed.value.map((d) => d.id)).toContain(id);
    const settings = { ...(body['settings'] as object), instanceDurationInDays: 5 };
    await emea.api(`${DEFINITIONS}/${id}`).put({ id, ...body, displayName: 'Renamed', settings });
    const read = (await emea.api(`${DEFINITIONS}/${id}`).get()) as Record<string, unknown>;
    expect(read).toMatchObject({ displayName: 'Renamed', settings: { instanceDurationInDays: 5 } });
    const otherScope = {
      ...body,
      scope: { ...(body['scope'] as object), query: `/groups/${SYNC_GROUP}/members` },
    };
    expect(await failureOf(emea.api(`${DEFINITIONS}/${id}`).put(otherScope))).toMatchObject({
      statusCode: 400,
      code: 'BadRequest',
      message: 'The scope of an access review schedule definition cannot be updated.',
    });
    // Reviewers change by PUT only when individual users review, before and after (the update page).
    const byUsers = (ids: string[]) => ({
      ...body,
      reviewers: ids.map((u) => ({ query: `/users/${u}`, queryType: 'MicrosoftGraph' })),
    });
    const [first, second] = ((await emea.api('/users').top(2).get()) as Page<{ id: string }>).value;
    await emea.api(`${DEFINITIONS}/${id}`).put(byUsers([first?.id ?? '']));
    await emea.api(`${DEFINITIONS}/${id}`).put(byUsers([second?.id ?? '']));
    const owners = {
      ...body,
      reviewers: [{ query: `/groups/${SYNC_GROUP}/owners`, queryType: 'MicrosoftGraph' }],
    };
    expect(await failureOf(emea.api(`${DEFINITIONS}/${id}`).put(owners))).toMatchObject({
      statusCode: 400,
      message: expect.stringMatching(/reviewers .* can be updated only when they are individual users/),
    });
    await emea.api(`${DEFINITIONS}/${id}`).delete();
    expect(await failureOf(emea.api(`${DEFINITIONS}/${id}`).get())).toMatchObject({
      statusCode: 404,
      code: 'NotFound',
    });
  });

  it('answers 400 with Graph error bodies to invalid definitions', async () => {
    const today = await simToday(sim);
    const good = groupReview('x', `/groups/${SYNC_GROUP}/members`, today);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...good, shoeSize: 42 }, /property 'shoeSize' does not exist/],
      [{ ...good, displayName: undefined }, /displayName/],
      [
        { ...good, scope: { ...(good['scope'] as object), query: '/groups/nope/members' } },
        /group 'nope' does not exist/,
      ],
      [
        groupReview('x', `/groups/${SYNC_GROUP}/members`, today, { defaultDecision: 'Maybe' }),
        /defaultDecision/,
      ],
      [
        { ...groupReview('x', `/groups/${SYNC_GROUP}/members`, today), descriptionForAdmins: '' },
        /descriptionForAdmins/,
      ],
      [
        { ...groupReview('x', `/groups/${SYNC_GROUP}/members`, today), descriptionForReviewers: undefined },
        /descriptionForReviewers/,
      ],
      [
        groupReview('x', `/groups/${SYNC_GROUP}/members`, today, {
          recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'noEnd', startDate: today } },
        }),
        /weekly or absoluteMonthly/,
      ],
    ];
    for (const [body, message] of cases) {
      const error = await failureOf(emea.api(DEFINITIONS).post(body));
      expect(error).toMatchObject({ statusCode: 400, code: 'BadRequest' });
      expect(error.message).toMatch(message);
    }
  });

  it('answers with the stored spelling of a $filter query and of the default apply action, and takes it back', async () => {
    const written = `/groups/${SYNC_GROUP}/transitiveMembers/microsoft.graph.user/?$filter=(userType eq 'Member')`;
    const body = groupReview('Stored spelling', written, await simToday(sim), {
      autoApplyDecisionsEnabled: true,
      applyActions: [{ '@odata.type': '#microsoft.graph.removeAccessApplyAction' }],
    });
    const created = (await emea.api(DEFINITIONS).post(body)) as {
      id: string;
      scope: Record<string, unknown>;
      settings: Record<string, unknown>;
    };
    const stored = `/groups/${SYNC_GROUP}/transitiveMembers/microsoft.graph.user/?$count=true&$filter=(userType eq 'Member')`;
    expect(created.scope).toMatchObject({ query: stored, queryRoot: null });
    expect(created.settings['applyActions']).toEqual([]);
    const read = (await emea.api(`${DEFINITIONS}/${created.id}`).get()) as typeof created;
    expect(read.scope['query']).toBe(stored);
    // Sending back what Graph answered is not a change of scope.
    await emea.api(`${DEFINITIONS}/${created.id}`).put({ ...body, id: created.id, scope: read.scope });
  });

  it('creates one decision per user in scope, pages them 100 at a time and filters them', async () => {
    await sim.admin.generateUsers(EMEA.tenantId, 130, 'bulk');
    const query = "/users?$filter=startswith(userPrincipalName, 'bulk')";
    const created = (await emea.api(DEFINITIONS).post(groupReview('Bulk', query, await simToday(sim)))) as {
      id: string;
    };
    const instance = await onlyInstance(emea, created.id);
    expect(instance.status).toBe('InProgress');
    const url = `${DEFINITIONS}/${created.id}/instances/${instance.id}/decisions`;
    const all = await readAllPages<Decision>(emea, url);
    expect(all.pages).toEqual([100, 30]);
    expect(new Set(all.items.map((d) => d.principal.id)).size).toBe(130);
    expect(all.items[0]).toMatchObject({
      decision: 'NotReviewed',
      applyResult: 'New',
      recommendation: 'NoInfoAvailable',
    });
    expect(await failureOf(emea.api(`${url}?$top=101`).get())).toMatchObject({ statusCode: 400 });
    // With $top and $skip the client pages itself, as the list page directs: no nextLink is promised.
    const first = (await emea.api(`${url}?$top=100&$skip=0`).get()) as Page<Decision>;
    expect([first.value.length, first['@odata.nextLink']]).toEqual([100, undefined]);
    const rest = (await emea.api(`${url}?$top=100&$skip=100`).get()) as Page<Decision>;
    expect(rest.value.map((d) => d.id)).toEqual(all.items.slice(100).map((d) => d.id));

    const target = all.items[7] as Decision;
    const admin = await emea.api('/users/zoe.dubois@emea.contoso.com').get();
    // Self-review: only the reviewed user may decide on their own access.
    await expect(
      reviews.decideFor(EMEA.tenantId, created.id, target.principal.id, {
        decision: 'Deny',
        reviewer: admin.id,
      }),
    ).rejects.toThrow(/403/);
    await reviews.decideFor(EMEA.tenantId, created.id, target.principal.id, {
      decision: 'Deny',
      justification: 'left the company',
      reviewer: target.principal.id,
    });
    const denied = (await emea.api(url).filter("decision eq 'Deny'").get()) as { value: Decision[] };
    expect(denied.value).toHaveLength(1);
    expect(denied.value[0]).toMatchObject({
      principal: { id: target.principal.id },
      justification: 'left the company',
      reviewedBy: { id: target.principal.id },
    });
    const byPrincipal = (await emea.api(url).filter(`principal/id eq '${target.principal.id}'`).get()) as {
      value: Decision[];
    };
    expect(byPrincipal.value.map((d) => d.decision)).toEqual(['Deny']);
  });

  it('lets only the named reviewer decide, and requires a justification to approve when the settings say so', async () => {
    const reviewer = (await emea.api('/users/zoe.dubois@emea.contoso.com').get()) as { id: string };
    const other = (await emea.api('/users/jurgen.weiss@emea.contoso.com').get()) as { id: string };
    const body = groupReview(
      'Named reviewer',
      `/groups/${SYNC_GROUP}/transitiveMembers/microsoft.graph.user`,
      await simToday(sim),
      { justificationRequiredOnApproval: true },
      [{ query: `/users/${reviewer.id}`, queryType: 'MicrosoftGraph' }],
    );
    const created = (await emea.api(DEFINITIONS).post(body)) as { id: string };
    const decide = (who: string, decision: 'Approve' | 'Deny', justification?: string) =>
      reviews.decideFor(EMEA.tenantId, created.id, other.id, {
        decision,
        reviewer: who,
        ...(justification ? { justification } : {}),
      });
    await expect(decide(other.id, 'Deny')).rejects.toThrow(/403/);
    await expect(decide(reviewer.id, 'Approve')).rejects.toThrow(/justification is required/);
    const item = await decide(reviewer.id, 'Approve', 'still in the team');
    expect(item).toMatchObject({ decision: 'Approve', reviewedBy: { id: reviewer.id } });
    const instance = await onlyInstance(emea, created.id);
    const patched = emea
      .api(`${DEFINITIONS}/${created.id}/instances/${instance.id}/decisions/${item.id}`)
      .patch({ decision: 'Deny' });
    expect(await failureOf(patched)).toMatchObject({ statusCode: 403 });
  });

  it('checks AccessReview.Read.All and AccessReview.ReadWrite.All like Graph', async () => {
    const path = `${DEFINITIONS}?$top=100`;
    expect(await failureOf(tenantClient(sim, US).api(path).get())).toMatchObject({
      statusCode: 403,
      code: 'Authorization_RequestDenied',
      message: 'Insufficient privileges to complete the operation.',
    });
    await sim.admin.setAppRoles(US.tenantId, US.clientId, ['AccessReview.Read.All', 'Group.Read.All']);
    const reader = tenantClient(sim, US);
    expect(await reader.api(path).get()).toMatchObject({ value: [] });
    const group = (await reader.api('/groups').filter("displayName eq 'Sync to Contoso'").get()) as {
      value: { id: string }[];
    };
    const body = groupReview('Read only', `/groups/${group.value[0]?.id}/members`, await simToday(sim));
    expect(await failureOf(reader.api(DEFINITIONS).post(body))).toMatchObject({
      statusCode: 403,
      code: 'Authorization_RequestDenied',
    });
  });
});
