import { scriptedGraph } from '../../test/graph/fakes.js';
import type { BatchRequest } from '../graph/index.js';
import { applyActions } from './apply.js';
import type { SyncAction } from './plan.js';

/** A Graph that answers every request of a $batch with success, invitations with a redeemed user. */
function batchGraph() {
  return scriptedGraph((_method, _url, body) => {
    const requests = (body as { requests: BatchRequest[] }).requests;
    return {
      body: {
        responses: requests.map((r) =>
          r.url.endsWith('/invitations')
            ? { id: r.id, status: 201, body: { invitedUser: { id: `new-${r.id}` }, status: 'Completed' } }
            : { id: r.id, status: 204 },
        ),
      },
    };
  });
}

const actions: SyncAction[] = [
  {
    kind: 'create',
    sourceUserId: 's-new',
    invitation: { email: 'new@emea.contoso.com', displayName: 'New', userType: 'Member' },
    attributes: { displayName: 'New' },
  },
  {
    kind: 'update',
    targetUserId: 't-changed',
    sourceUserId: 's-changed',
    changes: [{ attribute: 'department', from: 'A', to: 'B' }],
  },
  {
    kind: 'deprovision',
    targetUserId: 't-leaver',
    sourceUserId: 's-leaver',
    how: 'Disable',
    reason: 'SourceDisabled',
  },
  {
    kind: 'deprovision',
    targetUserId: 't-gone',
    sourceUserId: 's-gone',
    how: 'SoftDelete',
    reason: 'SourceDeleted',
  },
];

describe('applyActions', () => {
  it('sends deletes, then disables, then updates, each lane in its own batch, before the creates', async () => {
    const graph = batchGraph();
    const outcomes = await applyActions(graph, actions, {
      redirectUrl: 'https://myapplications.microsoft.com/',
    });
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const batches = graph.calls.map((c) =>
      (c.body as { requests: BatchRequest[] }).requests.map((r) => `${r.method} ${r.url}`),
    );
    expect(batches).toEqual([
      ['DELETE /users/t-gone'],
      ['PATCH /users/t-leaver'],
      ['PATCH /users/t-changed'],
      // The address is looked up before anything is invited (nobody there: the answer has no users).
      [expect.stringMatching(/^GET \/users\?\$filter=mail%20eq%20'new%40emea\.contoso\.com'/)],
      ['POST /invitations'],
      ['PATCH /users/new-0'],
    ]);
  });
});
