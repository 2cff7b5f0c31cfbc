import { DEFAULT_DIRECT_ATTRIBUTES } from '../defaults.js';
import type { AttributeMappingEntry } from '../types.js';
import { compileMapping } from './compile.js';

const expr = (expression: string, apply: 'Always' | 'OnCreate' = 'Always'): AttributeMappingEntry => ({
  target: 'department',
  expression,
  apply,
});

describe('compileMapping rejects at apply time what would fail mid-sync', () => {
  it.each([
    ['join(" ", [a])', 1, 1, 'unknown function join (names are case-sensitive: did you mean Join?)'],
    ['Frobnicate([a])', 1, 1, 'unknown function Frobnicate'],
    ['SingleAppRoleAssignment([appRoleAssignments])', 1, 1, 'SingleAppRoleAssignment is not supported'],
    ['Left([a])', 1, 1, 'Left takes 2 arguments, got 1'],
    ['Mid([a], 1)', 1, 1, 'Mid takes 3 arguments, got 2'],
    ['Join(" ")', 1, 1, 'Join takes at least 2 arguments, got 1'],
    ['Guid(1)', 1, 1, 'Guid takes 0 arguments, got 1'],
    ['PCase([a], " ", "x")', 1, 1, 'PCase takes 1 to 2 arguments, got 3'],
    ['Join(" ", [first name])', 1, 11, 'invalid attribute name [first name]'],
    ['Join(" ", [])', 1, 11, 'invalid attribute name []'],
    ['Join(" ", givenName)', 1, 11, 'unknown name givenName'],
    ['Switch([a], "d", "k1")', 1, 1, 'key/value pairs'],
    ['Switch([a], "d", "k1", "v1", "k2")', 1, 1, 'leave a key without a value'],
    ['Replace([a], , , , "x", , )', 1, 1, 'Replace needs'],
    ['Replace([a], , "(unclosed", , "x", , )', 1, 1, 'invalid regular expression'],
    ['Replace([a], , "re", "group", , , )', 1, 1, 'Replace needs'],
    ['DateAdd("q", 1, Now())', 1, 1, 'interval must be one of'],
    ['FormatDateTime([a], , "yyyy \'x", "yyyy")', 1, 1, 'unterminated quote'],
    ['ToLower([a], "not a culture!")', 1, 1, 'unknown culture'],
    ['InStr([a], "b", 1, vbWhatever)', 1, 20, 'unknown name vbWhatever'],
    ['Join(" ", SelectUniqueValue([a], [b]))', 1, 11, 'must be the whole expression'],
    ['Join(" ", IgnoreFlowIfNullOrEmpty([a]))', 1, 11, 'must be the whole expression'],
    ['Join(" ", Guid())', 1, 11, 'use apply: OnCreate'],
    ['RandomString(8, 1, 1, 1, 1)', 1, 1, 'use apply: OnCreate'],
    ['Join(" ",\n  Left([a], 2),\n  Frob())', 3, 3, 'unknown function Frob'],
    ['Join(" ", [a]', 1, 14, "expected ',' or ')'"],
  ])('%s', (expression, line, column, message) => {
    const r = compileMapping({ includeDefaults: false, mappings: [expr(expression)] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContainEqual({
      target: 'department',
      line,
      column,
      message: expect.stringContaining(message),
    });
  });

  it.each([
    ['Join(" ", Guid())', 'OnCreate'],
    ['SelectUniqueValue(Join(".", [givenName], [surname]), [mailNickname])', 'OnCreate'],
    ['IgnoreFlowIfNullOrEmpty(Switch([city], "", "1", "x"))', 'Always'],
    ['IgnoreFlowIfNullOrEmpty(SelectUniqueValue([city], [state]))', 'OnCreate'],
  ] as const)('accepts %s (%s)', (expression, apply) => {
    expect(compileMapping({ includeDefaults: false, mappings: [expr(expression, apply)] }).ok).toBe(true);
  });

  it('reports every faulty mapping, not only the first', () => {
    const r = compileMapping({
      includeDefaults: false,
      mappings: [
        { target: 'city', expression: 'Left([city])', apply: 'Always' },
        { target: 'state', expression: 'Right([state], 1)', apply: 'Always' },
        { target: 'country', source: 'country', constant: 'x', apply: 'Always' },
        { target: 'city', source: 'city', apply: 'Always' },
        { target: 'manager', constant: 'x', apply: 'Always' },
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.target)).toEqual(['city', 'state', 'country', 'manager']);
    expect(r.errors[0]?.message).toBe('the target is mapped more than once');
  });
});

describe("compileMapping knows Graph's user schema", () => {
  const errorsOf = (mappings: AttributeMappingEntry[]) => {
    const r = compileMapping({ includeDefaults: false, mappings });
    return r.ok ? [] : r.errors.map((e) => `${e.target} ${e.line}:${e.column} ${e.message}`);
  };

  it.each([
    [{ target: 'id', source: 'employeeId' }, 'id 1:1 read-only in Graph'],
    [{ target: 'createdDateTime', constant: '2026-01-01T00:00:00Z' }, 'createdDateTime 1:1 read-only'],
    [{ target: 'favouriteColour', source: 'department' }, 'favouriteColour 1:1 not a property'],
    [
      { target: 'userPrincipalName', constant: 'same@contoso.com' },
      'userPrincipalName 1:1 userPrincipalName is unique',
    ],
    [
      { target: 'userPrincipalName', expression: 'Join("@", "x", "contoso.com")' },
      'userPrincipalName 1:1 userPrincipalName is unique',
    ],
    [{ target: 'jobTitle', source: 'shoeSize' }, 'jobTitle 1:1 unknown source attribute [shoeSize]'],
    [
      { target: 'jobTitle', expression: 'Join(" ", [givenName], [shoeSize])' },
      'jobTitle 1:24 unknown source attribute [shoeSize]',
    ],
    [{ target: 'accountEnabled', constant: 'yes' }, 'accountEnabled 1:1 accountEnabled is a Boolean'],
    [
      { target: 'employeeHireDate', constant: '2026-02-30' },
      'employeeHireDate 1:1 employeeHireDate is a DateTimeOffset',
    ],
    [{ target: 'mobilePhone', source: 'businessPhones' }, 'mobilePhone 1:1 businessPhones is multi-valued'],
  ])('refuses %j', (mapping, error) => {
    expect(errorsOf([{ apply: 'Always', ...mapping }]).join('\n')).toContain(error);
  });

  it.each([
    { target: 'userPrincipalName', expression: 'Join("@", [mailNickname], "contoso.com")' },
    { target: 'onPremisesExtensionAttributes.extensionAttribute3', source: 'objectId' },
    { target: 'extension_0123456789abcdef0123456789abcdef_title', source: 'employeeOrgData.division' },
    { target: 'accountEnabled', constant: 'False' },
    { target: 'employeeHireDate', constant: '2026-01-31T00:00:00Z' },
    { target: 'businessPhones', source: 'businessPhones' },
  ])('accepts %j', (mapping) => {
    expect(errorsOf([{ apply: 'Always', ...mapping }])).toEqual([]);
  });
});

describe('compileMapping: defaults and overrides', () => {
  it('includes the default cross-tenant set with userType from the SyncScope', () => {
    const r = compileMapping({ includeDefaults: true, mappings: [] }, { userType: 'Guest' });
    if (!r.ok) throw new Error('compile failed');
    const targets = r.mapping.attributes.map((a) => a.target);
    // Not showInAddressList: Graph reads it null and delta leaves it out, so it would be PATCHed every pass.
    expect(targets).toEqual([...DEFAULT_DIRECT_ATTRIBUTES, 'userType']);
    expect(targets).not.toContain('userPrincipalName');
    const userType = r.mapping.attributes.find((a) => a.target === 'userType');
    expect(userType?.apply).toBe('OnCreate');
    expect(userType?.description).toBe('"Guest"');
    expect(r.mapping.manager).toBe('Always');
  });

  it('lets a mapping override a default by target', () => {
    const r = compileMapping({
      includeDefaults: true,
      mappings: [{ target: 'userType', constant: 'Member', apply: 'Always' }],
    });
    if (!r.ok) throw new Error('compile failed');
    const userType = r.mapping.attributes.filter((a) => a.target === 'userType');
    expect(userType).toHaveLength(1);
    expect(userType[0]?.apply).toBe('Always');
  });

  it('syncs no manager without defaults unless mapped', () => {
    const none = compileMapping({ includeDefaults: false, mappings: [] });
    const mapped = compileMapping({
      includeDefaults: false,
      mappings: [{ target: 'manager', source: 'manager', apply: 'OnCreate' }],
    });
    expect(none.ok && none.mapping.manager).toBeNull();
    expect(mapped.ok && mapped.mapping.manager).toBe('OnCreate');
  });

  it('lists the source attributes to $select', () => {
    const r = compileMapping({
      includeDefaults: false,
      mappings: [
        { target: 'displayName', expression: 'Join(" ", [givenName], [surname])', apply: 'Always' },
        {
          target: 'department',
          source: 'onPremisesExtensionAttributes.extensionAttribute2',
          apply: 'Always',
        },
        { target: 'city', expression: 'Coalesce([extensionAttribute7], [city])', apply: 'Always' },
        { target: 'jobTitle', source: 'extension_0123456789abcdef0123456789abcdef_title', apply: 'Always' },
        { target: 'manager', source: 'manager', apply: 'Always' },
        { target: 'employeeId', expression: 'Left([objectId], 8)', apply: 'Always' },
      ],
    });
    if (!r.ok) throw new Error('compile failed');
    expect(r.mapping.sourceAttributes()).toEqual([
      'city',
      'extension_0123456789abcdef0123456789abcdef_title',
      'givenName',
      'id',
      'manager',
      'onPremisesExtensionAttributes',
      'surname',
    ]);
  });
});
