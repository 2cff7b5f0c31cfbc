import { GraphError } from '../../http/errors.js';
import { MAX_TASKS, parseWorkflowBody, parseWorkflowPatch } from './validate.js';

const ADD_TO_GROUPS = '22085229-5809-45e8-97fd-270d28d66910';

function body(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    category: 'joiner',
    displayName: 'New hires',
    executionConditions: {
      '@odata.type': '#microsoft.graph.identityGovernance.triggerAndScopeBasedConditions',
      scope: {
        '@odata.type': '#microsoft.graph.identityGovernance.ruleBasedSubjectSet',
        rule: "(userType eq 'Member') and startswith(userPrincipalName, 'new.')",
      },
      trigger: {
        '@odata.type': '#microsoft.graph.identityGovernance.timeBasedAttributeTrigger',
        timeBasedAttribute: 'createdDateTime',
        offsetInDays: 1,
      },
    },
    tasks: [
      {
        displayName: 'Groups',
        taskDefinitionId: ADD_TO_GROUPS,
        arguments: [{ name: 'groupID', value: 'g1' }],
      },
    ],
    ...overrides,
  };
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof GraphError) return `${err.status} ${err.message}`;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('parseWorkflowBody', () => {
  it('reads the rule scope, the trigger and numbers the tasks with Graph defaults', () => {
    const wf = parseWorkflowBody(body());
    expect(wf.scope?.kind).toBe('rule');
    expect(wf.trigger).toEqual({ attribute: 'createdDateTime', offsetInDays: 1 });
    expect(wf.isEnabled).toBe(true);
    expect(wf.isSchedulingEnabled).toBe(false);
    expect(wf.tasks[0]).toMatchObject({
      executionSequence: 1,
      isEnabled: true,
      continueOnError: false,
      // The task definition's categories, not the workflow's.
      category: 'joiner,leaver,mover',
    });
  });

  it('takes onDemandExecutionOnly with no scope or trigger', () => {
    const wf = parseWorkflowBody(
      body({
        executionConditions: { '@odata.type': '#microsoft.graph.identityGovernance.onDemandExecutionOnly' },
      }),
    );
    expect(wf.scope).toBeUndefined();
    expect(wf.trigger).toBeUndefined();
  });

  it.each([
    ['an unknown category', { category: 'contractor' }, /category/],
    ['scheduling on a disabled workflow', { isEnabled: false, isSchedulingEnabled: true }, /disabled/],
    ['no task', { tasks: [] }, /at least one task/],
    [
      `more than ${MAX_TASKS} tasks`,
      { tasks: Array.from({ length: MAX_TASKS + 1 }, () => body()['tasks']).flat() },
      /at most 25 tasks/,
    ],
    [
      'an unknown task definition',
      { tasks: [{ displayName: 'x', taskDefinitionId: 'nope' }] },
      /unknown taskDefinitionId/,
    ],
    [
      'a missing required argument',
      { tasks: [{ displayName: 'x', taskDefinitionId: ADD_TO_GROUPS }] },
      /'groupID' is required/,
    ],
  ])('refuses %s with a 400', (_name, overrides, message) => {
    expect(refusal(() => parseWorkflowBody(body(overrides)))).toMatch(new RegExp(`^400 .*${message.source}`));
  });

  it('refuses a scope rule that does not parse, with the position', () => {
    const conditions = body()['executionConditions'] as Record<string, Record<string, unknown>>;
    const broken = { ...conditions, scope: { ...conditions['scope'], rule: "(userType eq 'Member'" } };
    expect(refusal(() => parseWorkflowBody(body({ executionConditions: broken })))).toMatch(
      /Invalid scope rule: .*position/,
    );
  });

  it('refuses an offset outside -180..180 days', () => {
    const conditions = body()['executionConditions'] as Record<string, Record<string, unknown>>;
    const far = { ...conditions, trigger: { ...conditions['trigger'], offsetInDays: 181 } };
    expect(refusal(() => parseWorkflowBody(body({ executionConditions: far })))).toMatch(/offsetInDays/);
  });
});

describe('parseWorkflowPatch', () => {
  const current = parseWorkflowBody(body({ isSchedulingEnabled: true }));

  it('takes the plain properties', () => {
    expect(parseWorkflowPatch({ displayName: 'Renamed', isSchedulingEnabled: false }, current)).toEqual({
      displayName: 'Renamed',
      isSchedulingEnabled: false,
    });
  });

  it('refuses tasks and conditions, which need a new version', () => {
    expect(refusal(() => parseWorkflowPatch({ tasks: [] }, current))).toMatch(/new version/);
  });

  it('refuses disabling a workflow whose schedule stays on', () => {
    expect(refusal(() => parseWorkflowPatch({ isEnabled: false }, current))).toMatch(/disabled workflow/);
    expect(parseWorkflowPatch({ isEnabled: false, isSchedulingEnabled: false }, current)).toEqual({
      isEnabled: false,
      isSchedulingEnabled: false,
    });
  });
});
