// syncWorkflow against a GraphClient that answers from a table: the per-user results it reports in status.
import type { LifecycleWorkflow } from '../../api/index.js';
import type { GraphClient, GraphMethod, GraphResponse } from '../../graph/index.js';
import type { WorkflowBody } from '../../graph/governance/index.js';
import { syncWorkflow } from './sync.js';

const LW = '/identityGovernance/lifecycleWorkflows/workflows/w1';

function fakeGraph(answers: Record<string, unknown>): GraphClient {
  const send = async <T>(method: GraphMethod, url: string): Promise<GraphResponse<T>> => {
    const path = decodeURIComponent(url);
    if (!(path in answers)) throw new Error(`unexpected ${method} ${path}`);
    return { status: 200, headers: new Headers(), body: answers[path] as T };
  };
  return {
    tenantKey: 'ns/contoso',
    tenantId: 't',
    graphBaseUrl: 'https://graph.example',
    send,
    get: async <T>(url: string) => (await send<T>('GET', url)).body,
  } as unknown as GraphClient;
}

const body: WorkflowBody = {
  category: 'joiner',
  displayName: 'joiner',
  description: '',
  isEnabled: true,
  isSchedulingEnabled: true,
  executionConditions: {},
  tasks: [],
};
const wf = {
  metadata: { name: 'joiner' },
  spec: {},
  status: { workflowId: 'w1' },
} as unknown as LifecycleWorkflow;

function result(id: string, completed: string, failed = 0): Record<string, unknown> {
  return {
    id,
    processingStatus: failed ? 'failed' : 'completed',
    workflowExecutionType: 'scheduled',
    completedDateTime: completed,
    failedTasksCount: failed,
    subject: { id: `user-${id}`, userPrincipalName: `${id}@contoso.com` },
  };
}

it('reports the latest 20 user results, newest first, with the first failed task and its reason', async () => {
  const results = Array.from({ length: 25 }, (_, i) =>
    result(`r${i}`, `2026-01-01T00:00:${String(i).padStart(2, '0')}.000Z`, i === 24 ? 2 : 0),
  );
  const graph = fakeGraph({
    [LW]: { ...body, id: 'w1', version: 1 },
    [`${LW}/runs`]: {
      value: [{ id: 'run1', processingStatus: 'completedWithErrors', workflowExecutionType: 'scheduled' }],
    },
    [`${LW}/userProcessingResults?$expand=subject`]: { value: results },
    [`${LW}/userProcessingResults/r24/taskProcessingResults`]: {
      value: [
        {
          id: 't2',
          processingStatus: 'failed',
          failureReason: 'second',
          task: { displayName: 'B', executionSequence: 2 },
        },
        {
          id: 't1',
          processingStatus: 'failed',
          failureReason: 'x'.repeat(2000),
          task: { displayName: 'A', executionSequence: 1 },
        },
      ],
    },
  });
  const sync = await syncWorkflow(graph, wf, body, false);
  const users = sync.status.lastUserResults ?? [];
  expect(users).toHaveLength(20);
  expect(users[0]).toMatchObject({
    userId: 'user-r24',
    userPrincipalName: 'r24@contoso.com',
    processingStatus: 'failed',
    executionType: 'scheduled',
    failedTasks: 2,
    failedTask: 'A',
  });
  expect(users[0]?.failureReason).toHaveLength(1024);
  expect(users[1]).toEqual({
    userId: 'user-r23',
    userPrincipalName: 'r23@contoso.com',
    processingStatus: 'completed',
    executionType: 'scheduled',
    completedTime: '2026-01-01T00:00:23.000Z',
    failedTasks: 0,
  });
});

it('reads no user results while the workflow has no run', async () => {
  const graph = fakeGraph({
    [LW]: { ...body, id: 'w1', version: 1 },
    [`${LW}/runs`]: { value: [] },
  });
  expect((await syncWorkflow(graph, wf, body, false)).status.lastUserResults).toBeUndefined();
});
