import { compileAttributeMapping, compileGroupMapping } from './mapping.js';

describe('compileGroupMapping', () => {
  it('starts from the default group mappings and reads the type properties', () => {
    const result = compileGroupMapping(undefined);
    expect(result.ok && result.mapping.attributes.map((a) => a.target)).toEqual([
      'displayName',
      'description',
      'mailNickname',
    ]);
    expect(result.ok && result.mapping.sourceAttributes()).toEqual([
      'description',
      'displayName',
      'groupTypes',
      'mailEnabled',
      'mailNickname',
      'securityEnabled',
    ]);
  });

  it('overrides a default with an expression in the user mappings language', () => {
    const result = compileGroupMapping({
      includeDefaults: true,
      mappings: [{ target: 'displayName', expression: 'Append([displayName], " (EMEA)")', apply: 'Always' }],
    });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const display = result.mapping.attributes.find((a) => a.target === 'displayName');
    const env = { read: (n: string) => (n === 'displayName' ? 'Sales' : null), ctx: {} as never };
    expect(display?.evaluate(env)).toBe('Sales (EMEA)');
  });

  it.each([
    [{ target: 'securityEnabled', constant: 'False', apply: 'Always' as const }, 'not a group property'],
    [
      { target: 'displayName', source: 'department', apply: 'Always' as const },
      'not a property of a source group',
    ],
    [{ target: 'displayName', expression: 'Append([displayName]', apply: 'Always' as const }, ''],
  ])('refuses %j', (mapping, message) => {
    const result = compileGroupMapping({ includeDefaults: false, mappings: [mapping] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.message).toContain(message);
  });
});

describe('compileAttributeMapping', () => {
  it('reports the errors of the groups section under groups.<target>, beside the user mappings', () => {
    const result = compileAttributeMapping({
      includeDefaults: true,
      mappings: [],
      groups: {
        includeDefaults: true,
        mappings: [{ target: 'description', expression: 'Left(', apply: 'Always' }],
      },
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.target)).toEqual(['groups.description']);
    expect(compileAttributeMapping({ includeDefaults: true, mappings: [] }).ok).toBe(true);
  });
});
