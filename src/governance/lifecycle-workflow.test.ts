import { applyDefaults } from '../api/index.js';
import type { LifecycleWorkflowSpec } from '../api/index.js';
import { desiredWorkflow, planWorkflowChange, TASK_DEFINITIONS } from './lifecycle-workflow.js';

const GROUP = '22222222-2222-4222-8222-222222222222';
const USER = '11111111-1111-4111-8111-111111111111';

function spec(extra: Record<string, unknown> = {}): LifecycleWorkflowSpec {
  return applyDefaults('LifecycleWorkflow', {
    tenantLinkRef: 'contoso',
    category: 'joiner',
    trigger: { attribute: 'createdDateTime' },
    scope: { rule: "(userType eq 'Member') and endswith(userPrincipalName, '#EXT#@contoso.com')" },
    tasks: [{ kind: 'RequestAccessPackage', accessPackagePolicyRef: 'sales' }],
    ...extra,
  });
}

const packages = new Map([[0, { accessPackageId: 'pkg-1', assignmentPolicyId: 'pol-1' }]]);

describe('desiredWorkflow', () => {
  it('builds the execution conditions from trigger and scope', () => {
    const body = desiredWorkflow(
      spec({ trigger: { attribute: 'employeeHireDate', offsetInDays: -2 } }),
      'joiner',
      packages,
    );
    expect(body).toMatchObject({
      category: 'joiner',
      displayName: 'joiner',
      isEnabled: true,
      isSchedulingEnabled: true,
      executionConditions: {
        '@odata.type': '#microsoft.graph.identityGovernance.triggerAndScopeBasedConditions',
        scope: {
          '@odata.type': '#microsoft.graph.identityGovernance.ruleBasedSubjectSet',
          rule: "(userType eq 'Member') and endswith(userPrincipalName, '#EXT#@contoso.com')",
        },
        trigger: {
          '@odata.type': '#microsoft.graph.identityGovernance.timeBasedAttributeTrigger',
          timeBasedAttribute: 'employeeHireDate',
          offsetInDays: -2,
        },
      },
    });
  });

  it('turns scheduling off with the workflow', () => {
    expect(desiredWorkflow(spec({ enabled: false }), 'w', packages)).toMatchObject({
      isEnabled: false,
      isSchedulingEnabled: false,
    });
  });

  it.each([
    [
      'RequestAccessPackage',
      { accessPackagePolicyRef: 'sales' },
      [
        { name: 'assignmentPolicyId', value: 'pol-1' },
        { name: 'accessPackageId', value: 'pkg-1' },
      ],
    ],
    [
      'RemoveAccessPackage',
      { accessPackagePolicyRef: 'sales' },
      [{ name: 'accessPackageId', value: 'pkg-1' }],
    ],
    ['AddToGroups', { groups: [GROUP, USER] }, [{ name: 'groupID', value: `${GROUP},${USER}` }]],
    ['RemoveFromGroups', { groups: [GROUP] }, [{ name: 'groupID', value: GROUP }]],
    [
      'SendWelcomeEmail',
      { email: { cc: [USER], customSubject: 'Welcome', locale: 'en-US' } },
      [
        { name: 'cc', value: USER },
        { name: 'customSubject', value: 'Welcome' },
        { name: 'locale', value: 'en-US' },
      ],
    ],
    ['NotifyManagerOfMove', {}, []],
    ['EnableAccount', {}, [{ name: 'enableOnPremisesAccount', value: 'false' }]],
    ['DisableAccount', {}, [{ name: 'disableOnPremisesAccount', value: 'false' }]],
    ['DeleteAccount', {}, [{ name: 'deleteOnPremisesAccount', value: 'false' }]],
    ['RemoveFromAllGroups', {}, []],
    ['RemoveAllAccessPackages', {}, []],
    ['CancelPendingAccessPackageRequests', {}, []],
  ] as const)('task %s', (kind, fields, args) => {
    const body = desiredWorkflow(spec({ tasks: [{ kind, ...fields }] }), 'w', packages);
    expect(body.tasks).toEqual([
      {
        displayName: TASK_DEFINITIONS[kind].displayName,
        description: TASK_DEFINITIONS[kind].displayName,
        continueOnError: false,
        isEnabled: true,
        executionSequence: 1,
        taskDefinitionId: TASK_DEFINITIONS[kind].id,
        arguments: args,
      },
    ]);
  });

  it('uses the reference task definition ids', () => {
    expect(TASK_DEFINITIONS.RequestAccessPackage.id).toBe('c1ec1e76-f374-4375-aaa6-0bb6bd4c60be');
    expect(TASK_DEFINITIONS.AddToGroups.id).toBe('22085229-5809-45e8-97fd-270d28d66910');
    expect(TASK_DEFINITIONS.DisableAccount.id).toBe('1dfdfcc7-52fa-4c2e-bf3a-e3919cc12950');
    expect(TASK_DEFINITIONS.DeleteAccount.id).toBe('8d18588d-9ad3-4c0f-99d0-ec215f0e3dff');
    expect(TASK_DEFINITIONS.SendWelcomeEmail.id).toBe('70b29d51-b59a-4773-9280-8841dfd3f2ea');
    expect(new Set(Object.values(TASK_DEFINITIONS).map((d) => d.id)).size).toBe(12);
  });
});

describe('planWorkflowChange', () => {
  const desired = desiredWorkflow(spec(), 'w', packages);
  const inGraph = {
    ...desired,
    id: 'wf-1',
    version: 1,
    // Graph returns tasks with ids, in any order of arguments, and with their definition's categories.
    tasks: desired.tasks.map((t) => ({
      ...t,
      id: 't1',
      category: 'joiner,mover',
      arguments: [...t.arguments].reverse(),
    })),
  };

  it("sends no task category: Graph sets it from the task definition, so the workflow's would never match", () => {
    expect(desired.tasks.map((t) => t.category)).toEqual([undefined]);
  });

  it.each([
    ['equal', inGraph, { kind: 'none' }],
    [
      'disabled by hand',
      { ...inGraph, isEnabled: false },
      { kind: 'update', patch: { isEnabled: true }, fields: ['isEnabled'] },
    ],
    [
      'renamed',
      { ...inGraph, displayName: 'x' },
      { kind: 'update', patch: { displayName: 'w' }, fields: ['displayName'] },
    ],
    [
      'rule changed',
      { ...inGraph, executionConditions: { ...desired.executionConditions, scope: { rule: 'x' } } },
      { kind: 'newVersion', fields: ['executionConditions'] },
    ],
    ['task removed', { ...inGraph, tasks: [] }, { kind: 'newVersion', fields: ['tasks'] }],
    [
      'task argument changed',
      {
        ...inGraph,
        tasks: [{ ...inGraph.tasks[0], arguments: [{ name: 'accessPackageId', value: 'other' }] }],
      },
      { kind: 'newVersion', fields: ['tasks'] },
    ],
  ])('%s', (_, actual, change) => {
    expect(planWorkflowChange(desired, actual as never)).toEqual(change);
  });
});
