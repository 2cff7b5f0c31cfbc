import { applyDefaults } from '../api/index.js';
import type { ReviewScheduleSpec } from '../api/index.js';
import {
  applyResults,
  comparableDefinition,
  countDecisions,
  currentInstance,
  desiredReviewDefinition,
  isFinished,
  reviewRecurrence,
  reviewScope,
} from './access-review.js';

const GROUP = '22222222-2222-4222-8222-222222222222';
const USER = '11111111-1111-4111-8111-111111111111';

function spec(
  extra: Record<string, unknown> = {},
  scope: Record<string, unknown> = { group: GROUP },
): ReviewScheduleSpec {
  return applyDefaults('ReviewSchedule', {
    tenantLinkRef: 'contoso',
    scope,
    recurrence: { startDate: '2026-12-01' },
    ...extra,
  });
}

const MARKER = 'onPremisesExtensionAttributes.extensionAttribute14';

describe('reviewScope', () => {
  const base = `/groups/${GROUP}/transitiveMembers/microsoft.graph.user`;
  it.each([
    ['All', {}, base],
    ['Guests', { principals: 'Guests' }, `${base}/?$filter=(userType eq 'Guest')`],
    ['Members', { principals: 'Members' }, `${base}/?$filter=(userType eq 'Member')`],
    [
      'SyncedFrom, by source marker (eq and in only on extension attributes)',
      { principals: 'SyncedFrom', syncedFrom: ['emea', 'us'] },
      `${base}/?$filter=(onPremisesExtensionAttributes/extensionAttribute14 in ('emea', 'o''us'))`,
    ],
  ])('group members: %s', (_, principals, query) => {
    const result = reviewScope(spec({}, { group: GROUP, ...principals }), {
      name: 'r',
      syncedFrom: [
        { link: 'emea', markers: [{ attribute: MARKER, value: 'emea' }], unmarkedScopes: [] },
        { link: 'us', markers: [{ attribute: MARKER, value: "o'us" }], unmarkedScopes: [] },
      ],
    });
    expect(result).toEqual({
      ok: true,
      scope: { '@odata.type': '#microsoft.graph.accessReviewQueryScope', query, queryType: 'MicrosoftGraph' },
    });
  });

  it('refuses SyncedFrom while a SyncScope of a source declares no marker, naming it', () => {
    const result = reviewScope(spec({}, { group: GROUP, principals: 'SyncedFrom', syncedFrom: ['emea'] }), {
      name: 'r',
      syncedFrom: [{ link: 'emea', markers: [], unmarkedScopes: ['emea-to-contoso'] }],
    });
    expect(result).toEqual({
      ok: false,
      message: expect.stringContaining('SyncScope emea-to-contoso (from emea) declares no sourceMarker'),
    });
  });

  it.each([
    [['pol-1'], "(accessPackageId eq 'pkg-1' and (assignmentPolicyId eq 'pol-1'))"],
    [
      ['pol-1', 'pol-2'],
      "(accessPackageId eq 'pkg-1' and (assignmentPolicyId eq 'pol-1' or assignmentPolicyId eq 'pol-2'))",
    ],
    [[], "(accessPackageId eq 'pkg-1')"],
  ])('access package assignments with policies %j', (policyIds, filter) => {
    const result = reviewScope(spec({}, { accessPackagePolicyRef: 'sales' }), {
      name: 'r',
      accessPackage: { id: 'pkg-1', policyIds },
    });
    expect(result).toMatchObject({
      ok: true,
      scope: {
        query: `/identityGovernance/entitlementManagement/accessPackageAssignments?$filter=${filter}`,
      },
    });
  });

  it('refuses to narrow an access package review to guests', () => {
    const result = reviewScope(spec({}, { accessPackagePolicyRef: 'sales', principals: 'Guests' }), {
      name: 'r',
      accessPackage: { id: 'pkg-1', policyIds: [] },
    });
    expect(result.ok).toBe(false);
  });
});

describe('reviewRecurrence', () => {
  it.each([
    [
      { interval: 'Weekly', every: 2 },
      { type: 'weekly', interval: 2 },
    ],
    [{ interval: 'Monthly' }, { type: 'absoluteMonthly', interval: 1, dayOfMonth: 15 }],
    [{ interval: 'Quarterly' }, { type: 'absoluteMonthly', interval: 3, dayOfMonth: 15 }],
    [
      { interval: 'SemiAnnually', every: 1 },
      { type: 'absoluteMonthly', interval: 6, dayOfMonth: 15 },
    ],
    [
      { interval: 'Annually', every: 2 },
      { type: 'absoluteMonthly', interval: 24, dayOfMonth: 15 },
    ],
  ])('%j', (recurrence, pattern) => {
    const s = spec({ recurrence: { startDate: '2026-12-15', ...recurrence } });
    expect(reviewRecurrence(s.recurrence)).toEqual({
      pattern,
      range: { type: 'noEnd', startDate: '2026-12-15' },
    });
  });

  it('ends on the end date', () => {
    const s = spec({ recurrence: { startDate: '2026-12-15', endDate: '2027-12-15', interval: 'Monthly' } });
    expect(reviewRecurrence(s.recurrence).range).toEqual({
      type: 'endDate',
      startDate: '2026-12-15',
      endDate: '2027-12-15',
    });
  });
});

describe('desiredReviewDefinition', () => {
  const scope = {
    '@odata.type': '#microsoft.graph.accessReviewQueryScope',
    query: 'q',
    queryType: 'MicrosoftGraph',
  };

  it('maps reviewers, fallbacks and settings', () => {
    const s = spec({
      reviewers: [
        { type: 'Managers' },
        { type: 'GroupOwners' },
        { type: 'User', id: USER },
        { type: 'GroupMembers', id: GROUP },
      ],
      fallbackReviewers: [{ type: 'User', id: USER }],
      decisions: {
        autoApply: true,
        defaultDecision: 'Deny',
        justificationRequired: false,
        recommendations: false,
      },
      recurrence: { startDate: '2026-12-01', durationInDays: 7 },
    });
    const body = desiredReviewDefinition(s, { name: 'quarterly' }, scope);
    expect(body.displayName).toBe('quarterly');
    expect(body.reviewers).toEqual([
      { query: './manager', queryType: 'MicrosoftGraph', queryRoot: 'decisions' },
      { query: `/groups/${GROUP}/owners`, queryType: 'MicrosoftGraph' },
      { query: `/users/${USER}`, queryType: 'MicrosoftGraph' },
      { query: `/groups/${GROUP}/transitiveMembers`, queryType: 'MicrosoftGraph' },
    ]);
    expect(body.fallbackReviewers).toEqual([{ query: `/users/${USER}`, queryType: 'MicrosoftGraph' }]);
    expect(body.settings).toMatchObject({
      justificationRequiredOnApproval: false,
      defaultDecisionEnabled: true,
      defaultDecision: 'Deny',
      instanceDurationInDays: 7,
      autoApplyDecisionsEnabled: true,
      recommendationsEnabled: false,
      // Removing access is the default action: named, Graph would store it as [] anyway.
      applyActions: [],
    });
  });

  it('leaves the default decision out when there is none, and applies nothing without autoApply', () => {
    const body = desiredReviewDefinition(spec(), { name: 'r' }, scope);
    expect(body.reviewers).toEqual([]);
    expect(body.settings).not.toHaveProperty('defaultDecision');
    expect(body.settings).toMatchObject({
      defaultDecisionEnabled: false,
      autoApplyDecisionsEnabled: false,
      applyActions: [],
    });
  });
});

describe('comparableDefinition', () => {
  const scope = (query: string) => ({ '@odata.type': '#microsoft.graph.accessReviewQueryScope', query });

  it.each([
    [`/groups/${GROUP}/transitiveMembers/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')`],
    [`/groups/${GROUP}/transitiveMembers/microsoft.graph.user/?$filter=(userType eq 'Guest')&$count=true`],
    // The get page's example answers with the version in front of the query.
    [
      `/v1.0/groups/${GROUP}/transitiveMembers/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')`,
    ],
  ])("reads Graph's stored query %s as the query written", (stored) => {
    const written = `/groups/${GROUP}/transitiveMembers/microsoft.graph.user/?$filter=(userType eq 'Guest')`;
    expect(comparableDefinition({ scope: scope(stored) }).scope).toEqual(scope(written));
  });

  it('reads a reviewer stored as /v1.0/users/{id} as the /users/{id} written', () => {
    const reviewer = (query: string) => ({ query, queryType: 'MicrosoftGraph' });
    expect(comparableDefinition({ reviewers: [reviewer('/v1.0/users/u1')] }).reviewers).toEqual([
      reviewer('/users/u1'),
    ]);
  });

  it('keeps a query without $count as it is', () => {
    expect(comparableDefinition({ scope: scope(`/groups/${GROUP}/owners`) }).scope).toEqual(
      scope(`/groups/${GROUP}/owners`),
    );
  });

  it('takes the default remove-access action for none, and a recurrence start for its date', () => {
    const settings = {
      applyActions: [{ '@odata.type': '#microsoft.graph.removeAccessApplyAction' }],
      recurrence: { range: { type: 'noEnd', startDate: '2026-12-01T00:00:00Z' } },
    };
    expect(comparableDefinition({ settings }).settings).toEqual({
      applyActions: [],
      recurrence: { range: { type: 'noEnd', startDate: '2026-12-01' } },
    });
  });
});

describe('instances and decisions', () => {
  it('picks the latest instance', () => {
    const instances = [
      { id: 'a', status: 'Completed', startDateTime: '2026-09-01T00:00:00Z' },
      { id: 'b', status: 'InProgress', startDateTime: '2026-12-01T00:00:00Z' },
    ];
    expect(currentInstance(instances)?.id).toBe('b');
    expect(currentInstance([])).toBeUndefined();
  });

  it.each([
    ['InProgress', false],
    ['Completed', true],
    ['AutoReviewed', true],
    ['Applied', true],
    ['NotStarted', false],
  ])('%s is finished: %s', (status, finished) => {
    expect(isFinished({ status })).toBe(finished);
  });

  it('counts decisions and apply results', () => {
    const decisions = [
      { id: '1', decision: 'Approve', applyResult: 'AppliedSuccessfully' },
      { id: '2', decision: 'Deny', applyResult: 'AppliedSuccessfully' },
      { id: '3', decision: 'Deny', applyResult: 'AppliedWithUnknownFailure' },
      { id: '4', decision: 'NotReviewed', applyResult: 'New' },
      { id: '5', decision: 'DontKnow' },
    ];
    expect(countDecisions(decisions)).toEqual({ approved: 1, denied: 2, notReviewed: 1, dontKnow: 1 });
    expect(applyResults(decisions)).toEqual({ removed: 1, failed: 1, applied: true });
    expect(applyResults([{ id: '1', decision: 'Deny', applyResult: 'New' }]).applied).toBe(false);
  });
});
