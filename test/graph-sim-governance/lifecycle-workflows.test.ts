// The simulator's Lifecycle Workflows over HTTPS with the real Graph SDK: workflows and versions, limits and
// permissions, on-demand and scheduled runs, the built-in directory and mail tasks, and their results.
import type { Client } from '@microsoft/microsoft-graph-client';
import {
  lifecycleWorkflowsModule,
  sentMail,
} from '../../src/graph-sim/governance/lifecycle-workflows/index.js';
import { CONTOSO, EMEA, statusOf, tenantClient } from '../graph-sim/sim-fixture.js';
import { useSimulator } from '../support/simulator.js';

// These tests drive the simulator directly, not through the operator: its contract does not apply.
const sim = useSimulator({ modules: [lifecycleWorkflowsModule] }, { contract: false });
const LW = '/identityGovernance/lifecycleWorkflows';
const HOUR = 3_600_000;
const TASK = {
  welcome: '70b29d51-b59a-4773-9280-8841dfd3f2ea',
  addToGroups: '22085229-5809-45e8-97fd-270d28d66910',
  disable: '1dfdfcc7-52fa-4c2e-bf3a-e3919cc12950',
};

type Json = Record<string, unknown>;
interface Page<T> {
  value: T[];
}

function conditions(rule: string, offsetInDays = 0): Json {
  return {
    '@odata.type': '#microsoft.graph.identityGovernance.triggerAndScopeBasedConditions',
    scope: { '@odata.type': '#microsoft.graph.identityGovernance.ruleBasedSubjectSet', rule },
    trigger: {
      '@odata.type': '#microsoft.graph.identityGovernance.timeBasedAttributeTrigger',
      timeBasedAttribute: 'createdDateTime',
      offsetInDays,
    },
  };
}

function task(displayName: string, taskDefinitionId: string, args: Json = {}, extra: Json = {}): Json {
  return {
    displayName,
    taskDefinitionId,
    arguments: Object.entries(args).map(([name, value]) => ({ name, value })),
    ...extra,
  };
}

function workflow(displayName: string, tasks: Json[], extra: Json = {}): Json {
  return {
    category: 'joiner',
    displayName,
    description: 'conformance',
    isEnabled: true,
    isSchedulingEnabled: true,
    executionConditions: conditions("(userType eq 'Member') and startswith(userPrincipalName, 'lcw.')"),
    tasks,
    ...extra,
  };
}

async function newUser(graph: Client, alias: string, extra: Json = {}): Promise<Json & { id: string }> {
  return graph.api('/users').post({
    accountEnabled: true,
    displayName: alias,
    mailNickname: alias,
    userPrincipalName: `${alias}@contoso.com`,
    mail: `${alias}@contoso.com`,
    passwordProfile: { forceChangePasswordNextSignIn: true, password: 'Sim-Only-Pa55!' },
    ...extra,
  }) as Promise<Json & { id: string }>;
}

async function newGroup(graph: Client, name: string): Promise<string> {
  const group = (await graph
    .api('/groups')
    .post({ displayName: name, mailEnabled: false, mailNickname: name, securityEnabled: true })) as {
    id: string;
  };
  return group.id;
}

async function graphError(
  promise: Promise<unknown>,
): Promise<{ statusCode?: number; code?: string; message?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as { statusCode?: number; code?: string; message?: string };
  }
  throw new Error('expected a Graph error');
}

let contoso: Client;
beforeAll(() => {
  contoso = tenantClient(sim(), CONTOSO);
});

describe('workflows and versions', () => {
  it('creates a workflow with its tasks, reads them without $expand and finds it by display name', async () => {
    const created = (await contoso
      .api(`${LW}/workflows`)
      .post(
        workflow('Conformance joiner', [
          task('Disable', TASK.disable, { disableOnPremisesAccount: 'false' }),
        ]),
      )) as Json;
    expect(created).toMatchObject({
      displayName: 'Conformance joiner',
      version: 1,
      isEnabled: true,
      category: 'joiner',
    });
    // The get page expands tasks by default.
    const read = (await contoso.api(`${LW}/workflows/${created['id']}`).get()) as Json;
    expect(read['tasks']).toEqual([
      expect.objectContaining({
        displayName: 'Disable',
        taskDefinitionId: TASK.disable,
        executionSequence: 1,
      }),
    ]);
    const found = (await contoso
      .api(`${LW}/workflows`)
      .filter("displayName eq 'Conformance joiner'")
      .get()) as Page<Json>;
    expect(found.value.map((w) => w['id'])).toEqual([created['id']]);
    // Lifecycle Workflows filters need no advanced-query headers, unlike the directory's.
    const others = (await contoso
      .api(`${LW}/workflows`)
      .filter("displayName ne 'Conformance joiner'")
      .get()) as Page<Json>;
    expect(others.value.map((w) => w['id'])).not.toContain(created['id']);
  });

  it('patches plain properties, refuses tasks in a PATCH, and versions a change of tasks', async () => {
    const created = (await contoso
      .api(`${LW}/workflows`)
      .post(workflow('Versioned', [task('Disable', TASK.disable)]))) as Json;
    const path = `${LW}/workflows/${created['id']}`;
    await contoso.api(path).patch({ description: 'renamed' });
    expect(((await contoso.api(path).get()) as Json)['description']).toBe('renamed');
    const refused = await graphError(contoso.api(path).patch({ tasks: [] }));
    expect(refused.statusCode).toBe(400);
    const next = (await contoso.api(`${path}/createNewVersion`).post({
      workflow: workflow('Versioned', [task('Welcome', TASK.welcome), task('Disable', TASK.disable)]),
    })) as Json;
    // As the page's examples show it: the workflow wrapped in `workflow`.
    expect(next).toMatchObject({ workflow: { id: created['id'], version: 2 } });
    const read = (await contoso.api(path).expand('tasks').get()) as { tasks: Json[]; version: number };
    expect(read.tasks.map((t) => t['displayName'])).toEqual(['Welcome', 'Disable']);
    const versions = (await contoso.api(`${path}/versions`).get()) as Page<Json>;
    expect(versions.value.map((v) => v['versionNumber'])).toEqual([1, 2]);
  });

  it("gives each task its definition's categories, whatever was written", async () => {
    const created = (await contoso
      .api(`${LW}/workflows`)
      .post(workflow('Categories', [task('Disable', TASK.disable, {}, { category: 'joiner' })]))) as Json;
    const read = (await contoso.api(`${LW}/workflows/${created['id']}`).expand('tasks').get()) as {
      tasks: Json[];
    };
    expect(read.tasks.map((t) => t['category'])).toEqual(['joiner,leaver']);
  });

  it('answers the evolvable member mover as unknownFutureValue unless the client asks for it', async () => {
    const created = (await contoso
      .api(`${LW}/workflows`)
      .post(
        workflow('Mover', [task('Add', TASK.addToGroups, { groupID: 'g' })], { category: 'mover' }),
      )) as Json;
    const path = `${LW}/workflows/${created['id']}`;
    const plain = (await contoso.api(path).expand('tasks').get()) as { category: string; tasks: Json[] };
    expect(plain.category).toBe('unknownFutureValue');
    expect(plain.tasks[0]?.['category']).toBe('joiner,leaver,unknownFutureValue');
    const asked = (await contoso
      .api(path)
      .header('Prefer', 'include-unknown-enum-members')
      .expand('tasks')
      .get()) as { category: string; tasks: Json[] };
    expect(asked.category).toBe('mover');
    expect(asked.tasks[0]?.['category']).toBe('joiner,leaver,mover');
  });

  it('moves a deleted workflow to deletedItems, from where it can be restored', async () => {
    const created = (await contoso
      .api(`${LW}/workflows`)
      .post(workflow('Deleted', [task('Disable', TASK.disable)]))) as Json;
    await contoso.api(`${LW}/workflows/${created['id']}`).delete();
    expect(await statusOf(contoso.api(`${LW}/workflows/${created['id']}`).get())).toBe(404);
    const deleted = (await contoso.api(`${LW}/deletedItems/workflows`).get()) as Page<Json>;
    expect(deleted.value.find((w) => w['id'] === created['id'])?.['deletedDateTime']).toEqual(
      expect.any(String),
    );
    await contoso.api(`${LW}/deletedItems/workflows/${created['id']}/restore`).post({});
    expect(await statusOf(contoso.api(`${LW}/workflows/${created['id']}`).get())).toBe(200);
  });

  it('refuses more than 25 tasks, an unknown task definition and scheduling a disabled workflow', async () => {
    const many = Array.from({ length: 26 }, (_, i) => task(`Disable ${i}`, TASK.disable));
    for (const body of [
      workflow('Too many tasks', many),
      workflow('Unknown task', [task('Nope', '00000000-0000-0000-0000-000000000000')]),
      workflow('Disabled', [task('Disable', TASK.disable)], { isEnabled: false, isSchedulingEnabled: true }),
    ]) {
      expect((await graphError(contoso.api(`${LW}/workflows`).post(body))).statusCode).toBe(400);
    }
  });

  it('needs LifecycleWorkflows.ReadWrite.All to write and Read.All to read', async () => {
    const emea = tenantClient(sim(), EMEA);
    expect(await statusOf(emea.api(`${LW}/workflows`).get())).toBe(403);
    const app = (await sim().admin.tenants()).find((t) => t.id === EMEA.tenantId)?.apps[0];
    await sim().admin.setAppRoles(EMEA.tenantId, EMEA.clientId, [
      ...(app?.roles ?? []),
      'LifecycleWorkflows.Read.All',
    ]);
    // A new credential: the first one caches a token that still carries the old roles.
    const reader = tenantClient(sim(), EMEA);
    expect(await statusOf(reader.api(`${LW}/workflows`).get())).toBe(200);
    expect(
      await statusOf(
        reader.api(`${LW}/workflows`).post(workflow('Read only', [task('Disable', TASK.disable)])),
      ),
    ).toBe(403);
  });

  it('takes LifecycleWorkflows-Workflow.ReadWrite.All for workflows and LifecycleWorkflows-Reports.Read.All for their run reports', async () => {
    const app = (await sim().admin.tenants()).find((t) => t.id === EMEA.tenantId)?.apps[0];
    const before = app?.roles ?? [];
    await sim().admin.setAppRoles(EMEA.tenantId, EMEA.clientId, [
      ...before.filter((r) => !r.startsWith('LifecycleWorkflows')),
      'LifecycleWorkflows-Workflow.ReadWrite.All',
    ]);
    try {
      const narrow = tenantClient(sim(), EMEA);
      const created = (await narrow
        .api(`${LW}/workflows`)
        .post(workflow('Narrow', [task('Disable', TASK.disable)]))) as Json;
      expect(await statusOf(narrow.api(`${LW}/workflows/${created['id']}`).get())).toBe(200);
      expect(await statusOf(narrow.api(`${LW}/workflows/${created['id']}/runs`).get())).toBe(403);
      // Run reports have their own narrower permission, listed first on their pages.
      await sim().admin.setAppRoles(EMEA.tenantId, EMEA.clientId, [
        ...before.filter((r) => !r.startsWith('LifecycleWorkflows')),
        'LifecycleWorkflows-Reports.Read.All',
      ]);
      const reports = tenantClient(sim(), EMEA);
      for (const path of ['runs', 'userProcessingResults'])
        expect(await statusOf(reports.api(`${LW}/workflows/${created['id']}/${path}`).get())).toBe(200);
      expect(await statusOf(reports.api(`${LW}/workflows/${created['id']}`).get())).toBe(403);
    } finally {
      await sim().admin.setAppRoles(EMEA.tenantId, EMEA.clientId, before);
    }
  });
});

describe('runs', () => {
  it('runs on demand for the given users, through the directory, and reports runs and per-user results', async () => {
    const group = await newGroup(contoso, 'lcw-on-demand');
    const user = await newUser(contoso, 'ondemand.ann');
    const created = (await contoso.api(`${LW}/workflows`).post(
      workflow(
        'On demand',
        [task('Groups', TASK.addToGroups, { groupID: group }), task('Disable', TASK.disable)],
        {
          executionConditions: { '@odata.type': '#microsoft.graph.identityGovernance.onDemandExecutionOnly' },
          isSchedulingEnabled: false,
        },
      ),
    )) as Json;
    const path = `${LW}/workflows/${created['id']}`;
    const delta = (await contoso.api('/users/delta').select(['accountEnabled']).get()) as Json;
    let link = String(delta['@odata.nextLink'] ?? delta['@odata.deltaLink']);
    while (!link.includes('deltatoken')) {
      const page = (await contoso.api(link).get()) as Json;
      link = String(page['@odata.nextLink'] ?? page['@odata.deltaLink']);
    }
    await contoso.api(`${path}/activate`).post({ subjects: [{ id: user.id }] });

    const runs = (await contoso.api(`${path}/runs`).get()) as Page<Json>;
    expect(runs.value).toEqual([
      expect.objectContaining({
        processingStatus: 'completed',
        workflowExecutionType: 'onDemand',
        totalUsersCount: 1,
        successfulUsersCount: 1,
        failedUsersCount: 0,
      }),
    ]);
    const results = (await contoso
      .api(`${path}/userProcessingResults`)
      .expand('subject')
      .get()) as Page<Json>;
    expect(results.value).toEqual([
      expect.objectContaining({
        processingStatus: 'completed',
        totalTasksCount: 2,
        failedTasksCount: 0,
        workflowVersion: 1,
        subject: expect.objectContaining({ id: user.id, userPrincipalName: 'ondemand.ann@contoso.com' }),
      }),
    ]);
    const mine = (await contoso
      .api(`${path}/userProcessingResults`)
      .filter(`subject/id eq '${user.id}'`)
      .get()) as Page<Json>;
    expect(mine.value).toHaveLength(1);
    const memberOf = (await contoso.api(`/users/${user.id}/memberOf`).get()) as Page<Json>;
    expect(memberOf.value.map((g) => g['id'])).toContain(group);
    const changes = (await contoso.api(link).get()) as Page<Json>;
    expect(changes.value).toEqual([expect.objectContaining({ id: user.id, accountEnabled: false })]);
  });

  it('stops at a failed task unless it continues on error, and says why per task', async () => {
    const user = await newUser(contoso, 'failing.bo');
    const created = (await contoso.api(`${LW}/workflows`).post(
      workflow(
        'Failing',
        [
          task('Missing group', TASK.addToGroups, { groupID: '00000000-0000-0000-0000-00000000dead' }),
          task('Disable', TASK.disable),
        ],
        {
          executionConditions: {
            '@odata.type': '#microsoft.graph.identityGovernance.onDemandExecutionOnly',
          },
          isSchedulingEnabled: false,
        },
      ),
    )) as Json;
    const path = `${LW}/workflows/${created['id']}`;
    await contoso.api(`${path}/activate`).post({ subjects: [{ id: user.id }] });
    const [result] = ((await contoso.api(`${path}/userProcessingResults`).get()) as Page<Json>).value;
    expect(result).toMatchObject({
      processingStatus: 'failed',
      failedTasksCount: 1,
      totalUnprocessedTasksCount: 1,
    });
    const tasks = (await contoso
      .api(`${path}/userProcessingResults/${String(result?.['id'])}/taskProcessingResults`)
      .get()) as Page<{ processingStatus: string; failureReason: string | null; task: Json }>;
    expect(tasks.value.map((t) => [t.task['displayName'], t.processingStatus])).toEqual([
      ['Missing group', 'failed'],
      ['Disable', 'canceled'],
    ]);
    expect(tasks.value[0]?.failureReason).toMatch(/not found/);
    expect(
      ((await contoso.api(`/users/${user.id}`).select(['accountEnabled']).get()) as Json)['accountEnabled'],
    ).toBe(true);
  });

  it("runs a scheduled workflow when the clock passes a new user's createdDateTime, once, for users in scope", async () => {
    const created = (await contoso
      .api(`${LW}/workflows`)
      .post(
        workflow('Scheduled welcome', [
          task('Welcome', TASK.welcome, { customSubject: 'Welcome to Contoso' }),
        ]),
      )) as Json;
    const path = `${LW}/workflows/${created['id']}`;
    const inScope = await newUser(contoso, 'lcw.new.cy');
    await newUser(contoso, 'other.new.dee');
    await newUser(contoso, 'lcw.guest.eve', { userType: 'Guest' });
    expect(((await contoso.api(`${path}/runs`).get()) as Page<Json>).value).toEqual([]);

    await sim().admin.advanceClock(HOUR);
    const runs = (await contoso.api(`${path}/runs`).get()) as Page<Json>;
    expect(runs.value).toEqual([
      expect.objectContaining({ workflowExecutionType: 'scheduled', totalUsersCount: 1 }),
    ]);
    const results = (await contoso.api(`${path}/userProcessingResults`).get()) as Page<{
      subject: { id: string };
    }>;
    expect(results.value.map((r) => r.subject.id)).toEqual([inScope.id]);
    const mail = (await sentMail(sim().admin, CONTOSO.tenantId)).filter(
      (m) => m.workflowId === created['id'],
    );
    expect(mail).toEqual([
      expect.objectContaining({ to: ['lcw.new.cy@contoso.com'], subject: 'Welcome to Contoso' }),
    ]);

    await sim().admin.advanceClock(HOUR);
    expect(((await contoso.api(`${path}/runs`).get()) as Page<Json>).value).toHaveLength(1);
  });

  it('waits for the offset in days before running', async () => {
    const created = (await contoso.api(`${LW}/workflows`).post(
      workflow('Two days after', [task('Disable', TASK.disable)], {
        executionConditions: conditions("startswith(userPrincipalName, 'lcw.later.')", 2),
      }),
    )) as Json;
    const path = `${LW}/workflows/${created['id']}`;
    await newUser(contoso, 'lcw.later.fay');
    await sim().admin.advanceClock(24 * HOUR);
    expect(((await contoso.api(`${path}/runs`).get()) as Page<Json>).value).toEqual([]);
    await sim().admin.advanceClock(25 * HOUR);
    expect(((await contoso.api(`${path}/runs`).get()) as Page<Json>).value).toHaveLength(1);
  });
});

describe('limits', () => {
  it('refuses the 51st workflow of a tenant', async () => {
    const existing = ((await contoso.api(`${LW}/workflows`).get()) as Page<Json>).value.length;
    for (let i = existing; i < 50; i++)
      await contoso.api(`${LW}/workflows`).post(workflow(`Filler ${i}`, [task('Disable', TASK.disable)]));
    const refused = await graphError(
      contoso.api(`${LW}/workflows`).post(workflow('One too many', [task('Disable', TASK.disable)])),
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.message).toMatch(/50 workflows/);
  });
});
