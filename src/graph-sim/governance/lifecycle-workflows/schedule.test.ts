import { dueSubjects, triggerTime } from './schedule.js';
import { parseWorkflowBody, type WorkflowDefinition } from './validate.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-10T00:00:00Z');

function workflow(
  attribute: string,
  offsetInDays: number,
  scope: Record<string, unknown>,
): WorkflowDefinition {
  return parseWorkflowBody({
    category: attribute === 'employeeLeaveDateTime' ? 'leaver' : 'joiner',
    displayName: 'w',
    executionConditions: {
      '@odata.type': '#microsoft.graph.identityGovernance.triggerAndScopeBasedConditions',
      scope,
      trigger: {
        '@odata.type': '#microsoft.graph.identityGovernance.timeBasedAttributeTrigger',
        timeBasedAttribute: attribute,
        offsetInDays,
      },
    },
    tasks: [{ displayName: 'Enable', taskDefinitionId: '6fc52c9d-398b-4305-9763-15f42c1676fc' }],
  });
}

const rule = (text: string) => ({
  '@odata.type': '#microsoft.graph.identityGovernance.ruleBasedSubjectSet',
  rule: text,
});

function user(id: string, props: Record<string, unknown>, groupIds: string[] = []) {
  return { id, props: { id, ...props }, groupIds };
}

describe('triggerTime', () => {
  it('adds the offset in days to the date, and is undefined without a date', () => {
    const trigger = { attribute: 'employeeHireDate' as const, offsetInDays: -7 };
    expect(triggerTime(trigger, { employeeHireDate: '2026-01-10T00:00:00Z' })).toBe(T0 - 7 * DAY);
    expect(triggerTime(trigger, { employeeHireDate: null })).toBeUndefined();
  });
});

describe('dueSubjects', () => {
  const users = [
    user('member-new', {
      userType: 'Member',
      userPrincipalName: 'new.ann@contoso.com',
      createdDateTime: '2026-01-10T00:00:00Z',
    }),
    user('guest-new', {
      userType: 'Guest',
      userPrincipalName: 'new.bob@contoso.com',
      createdDateTime: '2026-01-10T00:00:00Z',
    }),
    user('member-other', {
      userType: 'Member',
      userPrincipalName: 'cy@contoso.com',
      createdDateTime: '2026-01-10T00:00:00Z',
    }),
    user('member-old', {
      userType: 'Member',
      userPrincipalName: 'new.dee@contoso.com',
      createdDateTime: '2026-01-01T00:00:00Z',
    }),
  ];
  const scoped = workflow(
    'createdDateTime',
    0,
    rule("(userType eq 'Member') and startswith(userPrincipalName, 'new.')"),
  );

  it('takes users in scope whose trigger falls in (from, to]', () => {
    expect(dueSubjects(scoped, users, T0 - DAY, T0)).toEqual(['member-new']);
  });

  it('excludes the lower bound of the window, so a user runs once', () => {
    expect(dueSubjects(scoped, users, T0, T0 + DAY)).toEqual([]);
  });

  it('moves the window by the offset', () => {
    const later = workflow('createdDateTime', 2, rule("(userType eq 'Member')"));
    expect(dueSubjects(later, users, T0, T0 + DAY)).toEqual([]);
    expect(dueSubjects(later, users, T0 + DAY, T0 + 2 * DAY)).toEqual(['member-new', 'member-other']);
  });

  it('scopes by direct group membership for a group-based subject set', () => {
    const byGroup = workflow('createdDateTime', 0, {
      '@odata.type': '#microsoft.graph.identityGovernance.groupBasedSubjectSet',
      groups: [{ id: 'g1' }],
    });
    const inGroup = [
      user('a', { createdDateTime: '2026-01-10T00:00:00Z' }, ['g1']),
      user('b', { createdDateTime: '2026-01-10T00:00:00Z' }),
    ];
    expect(dueSubjects(byGroup, inGroup, T0 - 1, T0)).toEqual(['a']);
  });
});
