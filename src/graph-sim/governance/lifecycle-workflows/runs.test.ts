// Runs over a real TenantState (no network): task order, continueOnError, the directory writes, the schedule.
import type { SimStore } from '../../store/store.js';
import type { TenantState } from '../../store/tenant.js';
import { newTestTenant } from '../test-tenant.js';
import { runSchedules } from './module.js';
import { runWorkflow } from './runs.js';
import { lifecycleState } from './state.js';
import { parseWorkflowBody } from './validate.js';
import { addWorkflow } from './workflows.js';

const TASK = {
  addToGroups: '22085229-5809-45e8-97fd-270d28d66910',
  removeFromAllGroups: 'b3a31406-2a15-4c9a-b25b-a658fa5f07fc',
  disable: '1dfdfcc7-52fa-4c2e-bf3a-e3919cc12950',
  deleteUser: '8d18588d-9ad3-4c0f-99d0-ec215f0e3dff',
  notifyManager: 'aab41899-9972-422a-9d97-f626014578b7',
};
const HOUR = 3_600_000;

function setup(): { store: SimStore; tenant: TenantState } {
  const { store, tenant } = newTestTenant();
  tenant.addGroup({ displayName: 'Sales' }, 'g1');
  tenant.addGroup({ displayName: 'Staff' }, 'g2');
  return { store, tenant };
}

function definition(tasks: Record<string, unknown>[], rule = "(userType eq 'Member')") {
  return parseWorkflowBody({
    category: 'leaver',
    displayName: 'w',
    isSchedulingEnabled: true,
    executionConditions: {
      '@odata.type': '#microsoft.graph.identityGovernance.triggerAndScopeBasedConditions',
      scope: { '@odata.type': '#microsoft.graph.identityGovernance.ruleBasedSubjectSet', rule },
      trigger: {
        '@odata.type': '#microsoft.graph.identityGovernance.timeBasedAttributeTrigger',
        timeBasedAttribute: 'employeeLeaveDateTime',
        offsetInDays: 0,
      },
    },
    tasks,
  });
}

function task(displayName: string, id: string, args: Record<string, string> = {}, extra = {}) {
  return {
    displayName,
    taskDefinitionId: id,
    arguments: Object.entries(args).map(([name, value]) => ({ name, value })),
    ...extra,
  };
}

describe('runWorkflow', () => {
  it('runs the tasks in order through the directory and counts them', () => {
    const { store, tenant } = setup();
    const user = tenant.addUser({
      userPrincipalName: 'ana@t.example',
      accountEnabled: true,
      userType: 'Member',
    });
    tenant.addMember('g1', user.id);
    const seqBefore = tenant.currentSeq();
    const wf = addWorkflow(
      tenant,
      definition([
        task('Staff', TASK.addToGroups, { groupID: 'g2' }),
        task('Disable', TASK.disable),
        task('Leave all groups', TASK.removeFromAllGroups),
      ]),
    );
    const run = runWorkflow(tenant, store, wf, [user], 'onDemand');
    expect(run.props).toMatchObject({
      processingStatus: 'completed',
      totalUsersCount: 1,
      totalTasksCount: 3,
    });
    expect(user.props['accountEnabled']).toBe(false);
    expect(tenant.groupsOf(user.id)).toEqual([]);
    // Each write went through TenantState, so delta sees it.
    expect(tenant.currentSeq()).toBeGreaterThan(seqBefore);
  });

  it('goes on after a failed task with continueOnError, and reports completedWithErrors', () => {
    const { store, tenant } = setup();
    const user = tenant.addUser({ userPrincipalName: 'bo@t.example', userType: 'Member' });
    const wf = addWorkflow(
      tenant,
      definition([
        task('Tell the manager', TASK.notifyManager, {}, { continueOnError: true }),
        task('Delete', TASK.deleteUser),
      ]),
    );
    const run = runWorkflow(tenant, store, wf, [user], 'onDemand');
    const result = wf.results.get(run.userResultIds[0] as string);
    expect(result?.props).toMatchObject({ processingStatus: 'completedWithErrors', failedTasksCount: 1 });
    expect(result?.tasks.map((t) => t.props['processingStatus'])).toEqual(['failed', 'completed']);
    expect(result?.tasks[0]?.props['failureReason']).toMatch(/no manager/);
    expect(run.props).toMatchObject({ processingStatus: 'completedWithErrors', failedUsersCount: 1 });
    expect(tenant.deletedUsers.has(user.id)).toBe(true);
  });

  it('mails the manager for a move notice', () => {
    const { store, tenant } = setup();
    const manager = tenant.addUser({ userPrincipalName: 'boss@t.example', mail: 'boss@t.example' });
    const user = tenant.addUser({ userPrincipalName: 'cy@t.example', mail: 'cy@t.example' });
    user.managerId = manager.id;
    const wf = addWorkflow(tenant, definition([task('Tell the manager', TASK.notifyManager)]));
    runWorkflow(tenant, store, wf, [user], 'onDemand');
    expect(lifecycleState(tenant).outbox).toEqual([
      expect.objectContaining({ to: ['boss@t.example'], userId: user.id, subject: 'Tell the manager' }),
    ]);
  });
});

describe('runSchedules', () => {
  it('runs once for users in scope whose date passed since the last look, and not while scheduling is off', () => {
    const { store, tenant } = setup();
    const wf = addWorkflow(tenant, definition([task('Disable', TASK.disable)]));
    const soon = new Date(tenant.clock.now() + HOUR).toISOString();
    const leaver = tenant.addUser({
      userPrincipalName: 'dee@t.example',
      userType: 'Member',
      employeeLeaveDateTime: soon,
    });
    tenant.addUser({ userPrincipalName: 'eve@t.example', userType: 'Guest', employeeLeaveDateTime: soon });
    runSchedules(tenant, store);
    expect(wf.runs).toEqual([]);
    store.clock.advance(2 * HOUR);
    runSchedules(tenant, store);
    expect(wf.runs.map((r) => r.props['totalUsersCount'])).toEqual([1]);
    expect(leaver.props['accountEnabled']).toBe(false);
    runSchedules(tenant, store);
    expect(wf.runs).toHaveLength(1);

    wf.definition.isSchedulingEnabled = false;
    tenant.addUser({
      userPrincipalName: 'fay@t.example',
      userType: 'Member',
      employeeLeaveDateTime: new Date(tenant.clock.now() + HOUR).toISOString(),
    });
    store.clock.advance(2 * HOUR);
    runSchedules(tenant, store);
    expect(wf.runs).toHaveLength(1);
  });
});
