// A ReviewSchedule's definition, synced through the real Graph client to the simulator, when its reviewers
// change: Graph's update page lets a PUT change reviewers only when individual users review, so any other change
// of reviewers replaces the definition, while a change between users is a PUT that keeps it.
import type { ReviewSchedule } from '../../src/api/index.js';
import { syncReview } from '../../src/controllers/review-schedule/sync.js';
import type { ReviewDefinitionBody } from '../../src/graph/governance/index.js';
import { accessReviewsModule } from '../../src/graph-sim/governance/access-reviews/module.js';
import { groupReview, simToday } from '../graph-sim-governance/access-review-fixture.js';
import { EMEA } from '../graph-sim/sim-fixture.js';
import { clientFor, groupId, userId } from '../sync/engine.js';
import { useSimulator } from '../support/simulator.js';

const sim = useSimulator({ modules: [accessReviewsModule] });
const DEFINITIONS = '/identityGovernance/accessReviews/definitions';
const OWNERS = (group: string) => ({ query: `/groups/${group}/owners`, queryType: 'MicrosoftGraph' });
const USER = (id: string) => ({ query: `/users/${id}`, queryType: 'MicrosoftGraph' });

async function definitionBody(
  name: string,
  reviewers: Record<string, unknown>[],
): Promise<ReviewDefinitionBody> {
  const group = await groupId(clientFor(sim(), EMEA), 'Sync to Contoso');
  const body = groupReview(
    name,
    `/groups/${group}/transitiveMembers/microsoft.graph.user`,
    await simToday(sim()),
  );
  return { ...body, reviewers } as unknown as ReviewDefinitionBody;
}

function schedule(definitionId?: string): ReviewSchedule {
  return { status: definitionId ? { definitionId } : {} } as unknown as ReviewSchedule;
}

async function sync(body: ReviewDefinitionBody, definitionId?: string) {
  return syncReview(clientFor(sim(), EMEA), schedule(definitionId), body, undefined, false, new Date());
}

describe('a ReviewSchedule whose reviewers change', () => {
  it('replaces the definition when its reviewers were group owners, and keeps it between individual users', async () => {
    const client = clientFor(sim(), EMEA);
    const group = await groupId(client, 'Sync to Contoso');
    const first = await sync(await definitionBody('Reviewers change', [OWNERS(group)]));
    const ownersId = first.status.definitionId as string;

    const zoe = await userId(client, 'zoe.dubois@emea.contoso.com');
    const byUser = await sync(await definitionBody('Reviewers change', [USER(zoe)]), ownersId);
    expect(byUser.plan).toEqual(['replace the access review (its reviewers changed)']);
    const userDefinition = byUser.status.definitionId as string;
    expect(userDefinition).not.toBe(ownersId);
    await expect(client.get(`${DEFINITIONS}/${ownersId}`)).rejects.toMatchObject({ info: { status: 404 } });

    const jurgen = await userId(client, 'jurgen.weiss@emea.contoso.com');
    const another = await sync(await definitionBody('Reviewers change', [USER(jurgen)]), userDefinition);
    expect(another.plan).toEqual(['update access review reviewers']);
    expect(another.status.definitionId).toBe(userDefinition);
    const stored = await client.get<{ reviewers: { query: string }[] }>(`${DEFINITIONS}/${userDefinition}`);
    expect(stored.reviewers.map((r) => r.query)).toEqual([`/users/${jurgen}`]);
  });
});
