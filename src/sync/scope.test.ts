import { evaluateClause, evaluateScope, scopeAttributes, validateScope } from './scope.js';
import type { FilterOperator, ScopeRules, SourceUser } from './types.js';

const GROUP = '11111111-1111-1111-1111-111111111111';
const NESTED = '22222222-2222-2222-2222-222222222222';

function user(attributes: Record<string, unknown> = {}): SourceUser {
  return {
    id: 'u1',
    attributes: {
      userType: 'Member',
      userPrincipalName: 'adele@emea.contoso.com',
      department: 'Sales',
      ...attributes,
    },
  };
}

const direct = { directGroupIds: new Set([GROUP]) };
const viaNested = { directGroupIds: new Set([NESTED]), transitiveGroupIds: new Set([GROUP, NESTED]) };
const groups = (filters?: ScopeRules['filters']): ScopeRules => ({
  groups: [GROUP],
  membership: 'Direct',
  filters,
});

type Row = [unknown, string | undefined, boolean];

// Every operator: a match, a miss, and Entra's rule that a null or empty value fails (except IsNull).
const operatorTables: Record<FilterOperator, Row[]> = {
  Equals: [
    ['Sales', 'Sales', true],
    ['sales', 'Sales', false],
    [null, 'Sales', false],
    ['', '', false],
    [true, 'true', true],
    [7, '7', true],
  ],
  NotEquals: [
    ['Sales', 'HR', true],
    ['Sales', 'Sales', false],
    ['sales', 'Sales', true],
    [null, 'Sales', false],
    ['', 'Sales', false],
  ],
  IsTrue: [
    [true, undefined, true],
    [false, undefined, false],
    ['True', undefined, true],
    [null, undefined, false],
  ],
  IsFalse: [
    [false, undefined, true],
    [true, undefined, false],
    [undefined, undefined, false],
  ],
  IsNull: [
    [null, undefined, true],
    [undefined, undefined, true],
    ['', undefined, true],
    ['x', undefined, false],
    [false, undefined, false],
    [['a'], undefined, false],
  ],
  IsNotNull: [
    ['x', undefined, true],
    [false, undefined, true],
    [null, undefined, false],
    ['', undefined, false],
  ],
  Includes: [
    ['Sales EMEA', 'EMEA', true],
    ['Sales EMEA', 'emea', false],
    [null, 'EMEA', false],
    ['', '', false],
  ],
  EndsWith: [
    ['adele@contoso.com', '@contoso.com', true],
    ['adele@contoso.com.evil', '@contoso.com', false],
    [null, '@contoso.com', false],
  ],
  GreaterThan: [
    ['1500000', '1000000', true],
    ['1000000', '1000000', false],
    [12, '9', true],
    ['abc', '9', false],
    ['9.5', '9', false],
    [null, '0', false],
    ['', '0', false],
  ],
  GreaterThanOrEquals: [
    ['1000000', '1000000', true],
    ['999999', '1000000', false],
    ['-1', '-2', true],
    [null, '0', false],
  ],
  In: [
    ['FR', 'FR,DE,IT', true],
    ['DE', 'FR, DE, IT', true],
    ['fr', 'FR,DE,IT', false],
    ['ES', 'FR,DE,IT', false],
    [null, 'FR,DE', false],
  ],
  NotIn: [
    ['ES', 'FR,DE,IT', true],
    ['FR', 'FR,DE,IT', false],
    [null, 'FR,DE', false],
    ['', 'FR,DE', false],
  ],
  RegexMatch: [
    ['adele@domain.com', '.*\\@domain.com', true],
    ['1234567', '(1[0-9][0-9][0-9][0-9][0-9][0-9])', true],
    ['Sales', '^sales$', false],
    // .NET's \w is Unicode: José stays in scope (JavaScript's ASCII \w dropped him).
    ['José', '^\\w+$', true],
    // A nested quantifier on a hostile value: linear time, not minutes of backtracking.
    [`${'a'.repeat(40)}!`, '^(a+)+$', false],
    [null, '.*', false],
    ['', '.*', false],
  ],
  NotRegexMatch: [
    ['adele@other.com', '.*\\@domain.com', true],
    ['adele@domain.com', '.*\\@domain.com', false],
    [null, '.*', false],
    ['', '.*', false],
  ],
};

describe.each(Object.entries(operatorTables))('clause %s', (operator, rows) => {
  it.each(rows)('actual %j, value %j -> %s', (actual, value, expected) => {
    expect(evaluateClause(operator as FilterOperator, actual, value)).toBe(expected);
  });
});

it('makes a regex clause false either way on a value too long to match in bounded time', () => {
  const huge = 'a'.repeat(1_000_000);
  expect(evaluateClause('RegexMatch', huge, '(.*a){20}')).toBe(false);
  expect(evaluateClause('NotRegexMatch', huge, '(.*a){20}')).toBe(false);
});

describe('evaluateScope: only internal members of the source', () => {
  it.each([
    [{ userType: 'Guest' }, 'userType is "Guest", not Member'],
    [{ userType: undefined }, 'userType is null, not Member'],
    [{ creationType: 'Invitation' }, 'created by an invitation'],
    [{ userPrincipalName: 'bob_fabrikam.com#EXT#@contoso.onmicrosoft.com' }, '#EXT#'],
    [
      { identities: [{ signInType: 'federated', issuer: 'ExternalAzureAD' }] },
      'external identity (ExternalAzureAD)',
    ],
    [{ identities: [{ signInType: 'emailAddress', issuer: 'mail' }] }, 'external identity (mail)'],
  ])('%j is never in scope', (attributes, message) => {
    const d = evaluateScope(user(attributes), { allUsers: true, membership: 'Direct' }, direct);
    expect(d).toMatchObject({
      inScope: false,
      reason: 'NotInternalMember',
      message: expect.stringContaining(message),
    });
  });

  it('accepts an internal member with a local identity', () => {
    const u = user({ identities: [{ signInType: 'userPrincipalName', issuer: 'emea.contoso.com' }] });
    expect(evaluateScope(u, { allUsers: true, membership: 'Direct' }, direct).inScope).toBe(true);
  });
});

describe('evaluateScope: assignment', () => {
  it.each([
    [
      'allUsers',
      { allUsers: true, membership: 'Direct' } as ScopeRules,
      { directGroupIds: new Set<string>() },
      true,
    ],
    ['direct member', groups(), direct, true],
    ['nested member, Direct', groups(), viaNested, false],
    ['nested member, Transitive', { ...groups(), membership: 'Transitive' } as ScopeRules, viaNested, true],
    ['not a member', groups(), { directGroupIds: new Set(['other']) }, false],
  ])('%s', (_name, scope, membership, inScope) => {
    const d = evaluateScope(user(), scope, membership);
    expect(d.inScope).toBe(inScope);
    if (!inScope) expect(d.reason).toBe('NotAssigned');
  });
});

describe('evaluateScope: filters are ORed, clauses ANDed', () => {
  const salesInFrance = { clauses: [eq('department', 'Sales'), eq('country', 'FR')] };
  const engineering = { clauses: [eq('department', 'Engineering')] };
  function eq(attribute: string, value: string) {
    return { attribute, operator: 'Equals' as const, value };
  }

  it.each([
    [{ department: 'Sales', country: 'FR' }, true],
    [{ department: 'Sales', country: 'DE' }, false],
    [{ department: 'Engineering', country: 'DE' }, true],
    [{ department: 'HR', country: 'FR' }, false],
    [{ department: null, country: 'FR' }, false],
  ])('%j -> %s', (attributes, inScope) => {
    const d = evaluateScope(user(attributes), groups([salesInFrance, engineering]), direct);
    expect(d.inScope).toBe(inScope);
    expect(d.reason).toBe(inScope ? 'InScope' : 'FilteredOut');
    expect(d.clauses).toHaveLength(3);
  });

  it('reports each clause with the actual value, for provision on demand', () => {
    const d = evaluateScope(user({ country: 'DE' }), groups([salesInFrance]), direct);
    expect(d.clauses).toEqual([
      { attribute: 'department', operator: 'Equals', value: 'Sales', actual: 'Sales', result: true },
      { attribute: 'country', operator: 'Equals', value: 'FR', actual: 'DE', result: false },
    ]);
  });

  it('reads nested and extension attributes', () => {
    const u = user({ onPremisesExtensionAttributes: { extensionAttribute1: 'sync' } });
    const scope = (attribute: string) => groups([{ clauses: [eq(attribute, 'sync')] }]);
    expect(evaluateScope(u, scope('onPremisesExtensionAttributes.extensionAttribute1'), direct).inScope).toBe(
      true,
    );
    expect(evaluateScope(u, scope('extensionAttribute1'), direct).inScope).toBe(true);
  });
});

describe('validateScope and scopeAttributes', () => {
  it('finds invalid clauses before any cycle runs', () => {
    expect(
      validateScope({
        membership: 'Direct',
        filters: [
          {
            clauses: [
              { attribute: 'a', operator: 'RegexMatch', value: '(unclosed' },
              { attribute: 'b', operator: 'GreaterThan', value: 'ten' },
              { attribute: 'c', operator: 'Equals' },
            ],
          },
        ],
      }),
    ).toEqual([
      expect.stringContaining('filters[0].clauses[0]: invalid regular expression'),
      'filters[0].clauses[1]: GreaterThan compares integers, "ten" is not one',
      'filters[0].clauses[2]: Equals needs a value',
      'groups: give allUsers: true or at least one group',
    ]);
  });

  it('lists what scope evaluation needs in $select', () => {
    const scope = groups([{ clauses: [{ attribute: 'extensionAttribute3', operator: 'IsNotNull' }] }]);
    expect(scopeAttributes(scope)).toEqual([
      'accountEnabled',
      'creationType',
      'id',
      'identities',
      'mail',
      'onPremisesExtensionAttributes',
      'userPrincipalName',
      'userType',
    ]);
  });
});
