import { azure2AzureSchema } from '../graph-sim/synchronization/template.js';
import type { ScopeClause } from '../sync/types.js';
import {
  attributeMappingsFor,
  desiredSchema,
  filtersFromSchema,
  mappingsFromSchema,
  schemaDiffers,
  scopeFilterFor,
  unsupportedOperators,
  userObjectMapping,
} from './schema.js';

const template = () => azure2AzureSchema('rule-1');
const custom = {
  includeDefaults: false,
  mappings: [
    { target: 'jobTitle', expression: 'Join(" ", [department], "team")', apply: 'Always' as const },
    { target: 'companyName', constant: 'Say "hi"', apply: 'OnCreate' as const, defaultValue: undefined },
    { target: 'department', source: 'department', apply: 'Always' as const, defaultValue: 'None' },
  ],
};

describe('attribute mappings', () => {
  it('pass expressions through as text and read back as the same entries', () => {
    const mappings = attributeMappingsFor(custom, 'Member');
    expect(
      mappings.map((m) => [m.targetAttributeName, m.flowType, m.source?.type, m.source?.expression]),
    ).toEqual([
      ['jobTitle', 'Always', 'Function', 'Join(" ", [department], "team")'],
      ['companyName', 'ObjectAddOnly', 'Constant', '"Say \\"hi\\""'],
      ['department', 'Always', 'Attribute', '[department]'],
    ]);
    const users = userObjectMapping(desiredSchema(template(), mappings, null));
    expect(mappingsFromSchema(users!)).toEqual([
      { target: 'jobTitle', apply: 'Always', expression: 'Join(" ", [department], "team")' },
      { target: 'companyName', apply: 'OnCreate', constant: 'Say "hi"' },
      { target: 'department', apply: 'Always', defaultValue: 'None', source: 'department' },
    ]);
  });

  it("keep the template's matching and soft-delete flows", () => {
    const users = userObjectMapping(desiredSchema(template(), attributeMappingsFor(custom, 'Member'), null));
    expect(users?.attributeMappings.slice(0, 2).map((m) => m.targetAttributeName)).toEqual([
      'alternativeSecurityIds',
      'IsSoftDeleted',
    ]);
  });
});

describe('scoping filters', () => {
  const filters: { clauses: ScopeClause[] }[] = [
    {
      clauses: [
        { attribute: 'department', operator: 'In', value: 'Sales,Marketing' },
        { attribute: 'accountEnabled', operator: 'IsTrue' },
      ],
    },
    { clauses: [{ attribute: 'country', operator: 'NotRegexMatch', value: '^(FR|DE)$' }] },
  ];

  it("become the schema's filter groups and read back the same", () => {
    const scope = scopeFilterFor(filters);
    expect(scope?.groups[0]?.clauses[0]).toEqual({
      operatorName: '&',
      sourceOperandName: 'department',
      targetOperand: { values: ['Sales', 'Marketing'] },
    });
    expect(filtersFromSchema(scope)).toEqual(filters);
  });

  it('are absent when there are none', () => {
    expect(scopeFilterFor([])).toBeNull();
    expect(filtersFromSchema(null)).toEqual([]);
  });

  it('keep excluded source users out with an objectId NOT_EQUALS clause in every filter', () => {
    const notEquals = (id: string) => ({
      operatorName: 'NOT_EQUALS',
      sourceOperandName: 'objectId',
      targetOperand: { values: [id] },
    });
    const scope = scopeFilterFor(filters, ['u2', 'u1', 'u2']);
    expect(scope?.groups.map((g) => g.clauses.slice(-2))).toEqual([
      [notEquals('u1'), notEquals('u2')],
      [notEquals('u1'), notEquals('u2')],
    ]);
    expect(scopeFilterFor([], ['u1'])?.groups).toEqual([
      { name: 'crosstenant filter 1', clauses: [notEquals('u1')] },
    ]);
  });

  it('name the operators the job schema does not list', () => {
    const scope = scopeFilterFor(filters);
    expect(unsupportedOperators(scope, ['&', 'IS_TRUE', 'NOT_REGEX_MATCH'])).toEqual([]);
    expect(unsupportedOperators(scope, ['EQUALS', 'IS_TRUE'])).toEqual(['&', 'NOT_REGEX_MATCH']);
    expect(unsupportedOperators(null, [])).toEqual([]);
  });

  it('refuse an operator the engine does not know', () => {
    const scope = {
      categoryFilterGroups: [],
      inputFilterGroups: [],
      groups: [
        {
          name: 'g',
          clauses: [{ operatorName: 'SOUNDS_LIKE', sourceOperandName: 'x', targetOperand: { values: [] } }],
        },
      ],
    };
    expect(() => filtersFromSchema(scope)).toThrow(/SOUNDS_LIKE/);
  });
});

describe('schemaDiffers', () => {
  const mappings = attributeMappingsFor(custom, 'Member');
  const scope = scopeFilterFor([
    { clauses: [{ attribute: 'userType', operator: 'Equals', value: 'Member' }] },
  ]);
  const current = desiredSchema(template(), mappings, scope);

  it('ignores order, group names and fields the server fills', () => {
    const reordered = structuredClone(current);
    const users = userObjectMapping(reordered)!;
    users.attributeMappings.reverse();
    users.scope!.groups[0]!.name = 'renamed by Entra';
    expect(schemaDiffers(reordered, desiredSchema(current, mappings, scope))).toBe(false);
  });

  it('sees a changed expression, flow type or filter', () => {
    const changed = attributeMappingsFor(
      {
        ...custom,
        mappings: [{ target: 'jobTitle', expression: 'ToUpper([department])', apply: 'Always' as const }],
      },
      'Member',
    );
    expect(schemaDiffers(current, desiredSchema(current, changed, scope))).toBe(true);
    expect(schemaDiffers(current, desiredSchema(current, mappings, null))).toBe(true);
  });
});
