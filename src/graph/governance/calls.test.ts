// The requests the typed governance calls send, recorded by a GraphClient that answers from a table.
import type { GraphClient, GraphMethod, GraphResponse } from '../client.js';
import {
  addGroupToCatalog,
  createCatalog,
  createWorkflowVersion,
  findCatalogs,
  getAccessPackage,
  getReviewDefinition,
  getWorkflow,
  listAssignmentPolicies,
  listAssignmentRequests,
  listCatalogAccessPackages,
  listAssignments,
  listReviewDecisions,
  listTaskProcessingResults,
  listUserProcessingResults,
  replaceAssignmentPolicy,
  requestAssignmentRemoval,
} from './index.js';
import type { AssignmentPolicyBody, WorkflowBody } from './index.js';

interface Sent {
  method: GraphMethod;
  url: string;
  body?: unknown;
}

function recorder(answer: unknown = { value: [] }): { client: GraphClient; sent: Sent[] } {
  const sent: Sent[] = [];
  const send = async <T>(method: GraphMethod, url: string, body?: unknown): Promise<GraphResponse<T>> => {
    sent.push({ method, url, ...(body === undefined ? {} : { body }) });
    return { status: 200, headers: new Headers(), body: answer as T };
  };
  const client = {
    tenantKey: 'ns/contoso',
    tenantId: 't',
    graphBaseUrl: 'https://graph.example',
    send,
    get: async <T>(url: string) => (await send<T>('GET', url)).body,
  } as unknown as GraphClient;
  return { client, sent };
}

const EM = '/identityGovernance/entitlementManagement';

describe('entitlement management calls', () => {
  it('finds catalogs by name with the quote escaped', async () => {
    const { client, sent } = recorder();
    await findCatalogs(client, "Sales' tools");
    expect(decodeURIComponent(sent[0]?.url ?? '')).toBe(
      `${EM}/catalogs?$filter=displayName eq 'Sales'' tools'`,
    );
  });

  it('creates a published catalog and adds a group through an adminAdd resource request', async () => {
    const { client, sent } = recorder({ id: 'c1' });
    await createCatalog(client, { displayName: 'General', description: 'd', isExternallyVisible: false });
    await addGroupToCatalog(client, 'c1', { id: 'g1', displayName: 'Sales' });
    expect(sent).toEqual([
      {
        method: 'POST',
        url: `${EM}/catalogs`,
        body: { displayName: 'General', description: 'd', state: 'published', isExternallyVisible: false },
      },
      {
        method: 'POST',
        url: `${EM}/resourceRequests`,
        body: {
          requestType: 'adminAdd',
          resource: { displayName: 'Sales', originId: 'g1', originSystem: 'AadGroup' },
          catalog: { id: 'c1' },
        },
      },
    ]);
  });

  it('reads a package with its role scopes and the assignments of a package with their targets', async () => {
    const { client, sent } = recorder({ id: 'p1', value: [] });
    await getAccessPackage(client, 'p1');
    await listAssignments(client, 'p1');
    expect(sent.map((s) => decodeURIComponent(s.url))).toEqual([
      `${EM}/accessPackages/p1?$expand=resourceRoleScopes($expand=role,scope)`,
      `${EM}/assignments?$filter=accessPackage/id eq 'p1'&$expand=target`,
    ]);
  });

  it('reads the packages of a catalog, the policies and requests of a package in their documented forms', async () => {
    const { client, sent } = recorder({ id: 'x', value: [] });
    await listCatalogAccessPackages(client, 'c1');
    await listAssignmentPolicies(client, 'p1');
    await listAssignmentRequests(client, 'p1');
    expect(sent.map((s) => decodeURIComponent(s.url))).toEqual([
      `${EM}/catalogs/c1?$expand=accessPackages`,
      `${EM}/accessPackages/p1?$expand=assignmentPolicies`,
      `${EM}/assignmentRequests?$expand=accessPackage&$filter=accessPackage/id eq 'p1'`,
    ]);
  });

  it('replaces a policy with PUT and removes an assignment with adminRemove', async () => {
    const { client, sent } = recorder();
    await replaceAssignmentPolicy(client, 'pol-1', { displayName: 'x' } as AssignmentPolicyBody);
    await requestAssignmentRemoval(client, 'a1');
    expect(sent).toEqual([
      { method: 'PUT', url: `${EM}/assignmentPolicies/pol-1`, body: { id: 'pol-1', displayName: 'x' } },
      {
        method: 'POST',
        url: `${EM}/assignmentRequests`,
        body: { requestType: 'adminRemove', assignment: { id: 'a1' } },
      },
    ]);
  });
});

describe('access review and lifecycle workflow calls', () => {
  it.each([[{ id: 'd1', displayName: 'x' }], [{ value: { id: 'd1', displayName: 'x' } }]])(
    'reads a definition whether or not it comes wrapped in value, as the get page example shows: %j',
    async (answer) => {
      const { client } = recorder(answer);
      expect(await getReviewDefinition(client, 'd1')).toEqual({ id: 'd1', displayName: 'x' });
    },
  );

  it('pages decisions 100 at a time with $skip until a short page, with no nextLink to follow', async () => {
    const sent: string[] = [];
    const client = {
      send: async (_method: GraphMethod, url: string) => {
        sent.push(decodeURIComponent(url));
        const size = sent.length === 1 ? 100 : 30;
        const value = Array.from({ length: size }, (_, i) => ({ id: `${sent.length}-${i}` }));
        return { status: 200, headers: new Headers(), body: { value } };
      },
    } as unknown as GraphClient;
    const decisions = await listReviewDecisions(client, 'd1', 'i1');
    expect(decisions).toHaveLength(130);
    const url = '/identityGovernance/accessReviews/definitions/d1/instances/i1/decisions';
    expect(sent).toEqual([`${url}?$top=100&$skip=0`, `${url}?$top=100&$skip=100`]);
  });

  it('wraps a new workflow version in {workflow}', async () => {
    const { client, sent } = recorder({ id: 'w1', version: 2 });
    const body = { displayName: 'joiner' } as WorkflowBody;
    await createWorkflowVersion(client, 'w1', body);
    expect(sent).toEqual([
      {
        method: 'POST',
        url: '/identityGovernance/lifecycleWorkflows/workflows/w1/createNewVersion',
        body: { workflow: body },
      },
    ]);
  });

  it('reads a workflow without $expand: its get page expands tasks by default', async () => {
    const { client, sent } = recorder({ id: 'w1', tasks: [] });
    await getWorkflow(client, 'w1');
    expect(sent.map((s) => s.url)).toEqual(['/identityGovernance/lifecycleWorkflows/workflows/w1']);
  });

  it('reads user results with their subject expanded, and the task results of one user', async () => {
    const { client, sent } = recorder();
    await listUserProcessingResults(client, 'w1');
    await listTaskProcessingResults(client, 'w1', 'r1');
    expect(sent.map((s) => decodeURIComponent(s.url))).toEqual([
      '/identityGovernance/lifecycleWorkflows/workflows/w1/userProcessingResults?$expand=subject',
      '/identityGovernance/lifecycleWorkflows/workflows/w1/userProcessingResults/r1/taskProcessingResults',
    ]);
  });
});
