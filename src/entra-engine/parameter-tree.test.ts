import { EntraRefusal } from './refusal.js';
import { functionSource, type MappingFunctionSchema } from './parameter-tree.js';

const fn = (name: string, ...params: (string | [string, 'many'])[]): MappingFunctionSchema => ({
  name,
  parameters: params.map((p) =>
    typeof p === 'string' ? { name: p } : { name: p[0], allowMultipleOccurrences: true },
  ),
});
const FUNCTIONS = [
  fn('Mid', 'source', 'start', 'length'),
  fn('Join', 'separator', ['source', 'many']),
  fn('Switch', 'source', 'defaultValue', ['key', 'many'], ['value', 'many']),
  fn('ToUpper', 'source', 'culture'),
  fn('IIF', 'condition', 'valueIfTrue', 'valueIfFalse'),
];

describe('functionSource', () => {
  it("gives the parameter tree of the attributeMappingSource page's Mid example", () => {
    expect(functionSource('Mid([userPrincipalName], 1, 8)', FUNCTIONS)).toEqual({
      expression: 'Mid([userPrincipalName], 1, 8)',
      name: 'Mid',
      parameters: [
        {
          key: 'source',
          value: {
            expression: '[userPrincipalName]',
            name: 'userPrincipalName',
            parameters: [],
            type: 'Attribute',
          },
        },
        { key: 'start', value: { expression: '"1"', name: '1', parameters: [], type: 'Constant' } },
        { key: 'length', value: { expression: '"8"', name: '8', parameters: [], type: 'Constant' } },
      ],
      type: 'Function',
    });
  });

  it('binds repeated arguments to the repeatable parameters, nests calls and skips omitted arguments', () => {
    const join = functionSource('Join(" ", ToUpper([givenName], ), [surname])', FUNCTIONS);
    expect(join.parameters.map((p) => [p.key, p.value.type, p.value.expression])).toEqual([
      ['separator', 'Constant', '" "'],
      ['source', 'Function', 'ToUpper([givenName], )'],
      ['source', 'Attribute', '[surname]'],
    ]);
    expect(join.parameters[1]?.value.parameters.map((p) => p.key)).toEqual(['source']);
    const sw = functionSource('Switch([country], "?", "FR", "France", "DE", "Germany")', FUNCTIONS);
    expect(sw.parameters.map((p) => p.key)).toEqual([
      'source',
      'defaultValue',
      'key',
      'value',
      'key',
      'value',
    ]);
  });

  it('keeps a comparison, which has no documented tree form, as text', () => {
    expect(functionSource('IIF([department]="Sales", "Seller", "Staff")', FUNCTIONS)).toEqual({
      expression: 'IIF([department]="Sales", "Seller", "Staff")',
      name: 'IIF',
      parameters: [],
      type: 'Function',
    });
  });

  it("refuses a function the job's schema does not list, or too many arguments", () => {
    expect(() => functionSource('Word([displayName], 1, " ")', FUNCTIONS)).toThrow(EntraRefusal);
    expect(() => functionSource('Mid([displayName], 1, 2, 3)', FUNCTIONS)).toThrow(/Mid takes 3 arguments/);
  });
});
