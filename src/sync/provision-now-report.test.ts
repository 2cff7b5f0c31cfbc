import { evaluateAttributes } from './desired.js';
import { compileMapping } from './mapping/compile.js';
import type { CompiledMapping } from './mapping/compile.js';
import type { SyncAction } from './plan.js';
import { provisionNowFailed, provisionNowReport } from './provision-now-report.js';
import type { ProvisionNowFacts } from './provision-now-report.js';
import { explainScope } from './scope.js';
import type { AttributeMappingEntry, ScopeRules, SourceUser } from './types.js';

const GROUP = '11111111-1111-1111-1111-111111111111';
const NOW = new Date('2026-11-28T09:00:00.123Z');
const ctx = { now: () => NOW, random: () => 0, isUnique: () => true };

function mapping(mappings: AttributeMappingEntry[]): CompiledMapping {
  const r = compileMapping({ includeDefaults: false, mappings });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.mapping;
}

const adele: SourceUser = {
  id: 'u-adele',
  attributes: {
    userType: 'Member',
    userPrincipalName: 'adele@emea.contoso.com',
    givenName: 'Adele',
    surname: 'Vance',
    department: 'Sales',
    employeeId: 'E-7',
    companyName: 'Contoso',
  },
};
const rules: ScopeRules = {
  groups: [GROUP],
  membership: 'Direct',
  filters: [
    { clauses: [{ attribute: 'department', operator: 'Equals', value: 'HR' }] },
    {
      clauses: [
        { attribute: 'department', operator: 'Equals', value: 'Sales' },
        { attribute: 'companyName', operator: 'IsNotNull' },
      ],
    },
  ],
};
const m = mapping([
  { target: 'displayName', expression: 'Join(" ", [givenName], [surname])', apply: 'Always' },
  { target: 'department', source: 'department', apply: 'Always' },
  { target: 'employeeId', expression: 'Redact([employeeId])', apply: 'Always' },
  { target: 'employeeType', constant: 'Synced', apply: 'OnCreate' },
]);

function facts(extra: Partial<ProvisionNowFacts> = {}): ProvisionNowFacts {
  return {
    requested: 'adele@emea.contoso.com',
    now: NOW,
    dryRun: false,
    user: adele,
    scopeRules: rules,
    scope: explainScope(adele, rules, { directGroupIds: new Set([GROUP]) }),
    attributes: evaluateAttributes(adele, m, false, ctx),
    target: {
      id: 't-adele',
      attributes: { displayName: 'Adele Vance', department: 'HR', employeeId: 'old' },
      deleted: false,
    },
    actions: [],
    outcomes: [],
    ...extra,
  } as ProvisionNowFacts;
}

const update: SyncAction = {
  kind: 'update',
  targetUserId: 't-adele',
  sourceUserId: 'u-adele',
  changes: [
    { attribute: 'department', from: 'HR', to: 'Sales' },
    { attribute: 'employeeId', from: 'old', to: 'E-7' },
  ],
};

describe('explainScope', () => {
  it('reports every clause with its filter, and each test even after one failed', () => {
    const guest = { ...adele, attributes: { ...adele.attributes, userType: 'Guest' } };
    const e = explainScope(guest, rules, { directGroupIds: new Set() });
    expect(e.decision.reason).toBe('NotInternalMember');
    expect(e.notInternal).toContain('Guest');
    expect(e.assigned).toEqual({ passed: false, groups: [] });
    expect(e.clauses.map((c) => [c.filter, c.attribute, c.result])).toEqual([
      [0, 'department', false],
      [1, 'department', true],
      [1, 'companyName', true],
    ]);
  });

  it('puts an excluded user out whatever else holds, naming the ReviewSchedule', () => {
    const e = explainScope(
      adele,
      { allUsers: true, membership: 'Direct' },
      { directGroupIds: new Set() },
      'quarterly',
    );
    expect(e.decision).toMatchObject({ inScope: false, reason: 'Excluded' });
    expect(e.excludedBy).toBe('quarterly');
    expect(e.assigned).toBeNull();
  });
});

describe('evaluateAttributes', () => {
  it('records the source attributes each mapping read, and skips OnCreate outside a create', () => {
    const [displayName, , , employeeType] = evaluateAttributes(adele, m, false, ctx);
    expect(displayName).toMatchObject({
      value: 'Adele Vance',
      sources: [
        { attribute: 'givenName', value: 'Adele' },
        { attribute: 'surname', value: 'Vance' },
      ],
    });
    expect(employeeType?.value).toBeUndefined();
    expect(evaluateAttributes(adele, m, true, ctx)[3]?.value).toBe('Synced');
  });
});

describe('provisionNowReport', () => {
  it('reports an applied update with each attribute compared to the target', () => {
    const r = provisionNowReport(
      facts({ actions: [update], outcomes: [{ action: update, ok: true, targetUserId: 't-adele' }] }),
    );
    expect(r).toMatchObject({
      result: 'Succeeded',
      action: 'update',
      time: '2026-11-28T09:00:00Z',
      targetUser: 't-adele',
      graph: { ok: true },
      sourceUser: { id: 'u-adele', userPrincipalName: 'adele@emea.contoso.com' },
      scope: { inScope: true, assignedGroup: { passed: true, groups: [GROUP] } },
    });
    expect(r.attributes.map((a) => [a.target, a.flow])).toEqual([
      ['displayName', 'Unchanged'],
      ['department', 'Changed'],
      ['employeeId', 'Changed'],
      ['employeeType', 'Skipped'],
    ]);
  });

  it('reports no attribute Changed for a user it will not write', () => {
    const out = explainScope(adele, rules, { directGroupIds: new Set() });
    const deprovision: SyncAction = {
      kind: 'deprovision',
      targetUserId: 't-adele',
      sourceUserId: 'u-adele',
      how: 'SoftDelete',
      reason: 'OutOfScope',
    };
    for (const actions of [[], [deprovision]]) {
      const r = provisionNowReport(facts({ scope: out, actions, dryRun: true }));
      expect(r.attributes.map((a) => [a.target, a.flow])).toEqual([
        ['displayName', 'Unchanged'],
        ['department', 'Skipped'],
        ['employeeId', 'Skipped'],
        ['employeeType', 'Skipped'],
      ]);
    }
  });

  it('never shows a redacted value, from the source or the target', () => {
    const employeeId = provisionNowReport(facts({ actions: [update] })).attributes[2];
    expect(employeeId).toEqual({
      target: 'employeeId',
      mapping: 'Redact([employeeId])',
      sources: [{ attribute: 'employeeId', value: '[Redact]' }],
      result: '[Redact]',
      current: '[Redact]',
      flow: 'Changed',
    });
  });

  it.each([
    [
      'a Graph failure',
      { actions: [update], outcomes: [{ action: update, ok: false, error: 'Request_BadRequest: no' }] },
      'Failed',
      'update failed: Request_BadRequest: no',
    ],
    [
      'DryRun',
      { dryRun: true, actions: [update] },
      'DryRun',
      'DryRun: would update the user; nothing written',
    ],
    ['nothing to do', {}, 'Succeeded', 'nothing to do'],
    [
      'a mapping failure',
      { failure: { sourceUserId: 'u-adele', reason: 'MappingFailed' as const, message: 'x: bad' } },
      'Failed',
      'MappingFailed: x: bad',
    ],
  ])('gives its result for %s', (_name, extra, result, message) => {
    const r = provisionNowReport(facts(extra as Partial<ProvisionNowFacts>));
    expect([r.result, r.message]).toEqual([result, message]);
    expect(r.graph?.ok).toBe(result === 'Failed' && 'outcomes' in extra ? false : undefined);
  });

  it('says clearly that an unknown user was not found', () => {
    const r = provisionNowReport({ ...facts(), requested: 'nobody', user: undefined });
    expect(r).toEqual({
      user: 'nobody',
      time: '2026-11-28T09:00:00Z',
      result: 'UserNotFound',
      message: 'the source tenant has no user with object id or UPN "nobody"',
      action: 'none',
      attributes: [],
    });
    expect(provisionNowFailed('x', NOW, 'boom')).toMatchObject({ result: 'Failed', message: 'boom' });
  });
});
