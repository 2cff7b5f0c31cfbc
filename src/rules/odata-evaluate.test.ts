import { evaluateODataFilter, parseODataFilter } from './odata.js';

const alice = {
  id: '6f1c2b3a-0000-4000-8000-000000000001',
  displayName: "Alice O'Neil",
  department: 'Sales',
  city: 'Redmond',
  country: null,
  userType: 'Member',
  accountEnabled: true,
  employeeId: 'E100',
  mail: 'alice@contoso.com',
  otherMails: ['alice@fabrikam.com', 'a.oneil@example.org'],
  proxyAddresses: [],
  identities: [
    { signInType: 'userPrincipalName', issuer: 'contoso.onmicrosoft.com', issuerAssignedId: 'alice' },
    { signInType: 'federated', issuer: 'facebook.com', issuerAssignedId: '123' },
  ],
  assignedLicenses: [{ skuId: 'x' }],
  onPremisesExtensionAttributes: { extensionAttribute1: 'EMEA', extensionAttribute2: null },
  employeeOrgData: { costCenter: '100', division: 'North' },
  createdDateTime: '2024-03-15T10:00:00Z',
  extension_0123456789abcdef0123456789abcdef_officeNumber: 42,
};

function matches(filter: string, subject: Record<string, unknown> = alice): boolean {
  const parsed = parseODataFilter(filter);
  if (!parsed.ok) throw new Error(`${filter}: ${parsed.error.message} at ${parsed.error.position}`);
  return evaluateODataFilter(parsed.expr, subject);
}

describe('evaluateODataFilter', () => {
  it.each([
    // eq / ne, case-insensitive strings
    ["department eq 'Sales'", true],
    ["department eq 'sales'", true],
    ["department eq 'SALES '", false],
    ["department ne 'Sales'", false],
    ["department ne 'Marketing'", true],
    // property names match without regard to case, as in Graph
    ["Department eq 'Sales'", true],
    // keywords in any case
    ["department EQ 'Sales' AND city Eq 'redmond'", true],
    // quoting: '' inside a string is one quote
    ["displayName eq 'Alice O''Neil'", true],
    ["displayName eq 'alice o''neil'", true],
    // booleans
    ['accountEnabled eq true', true],
    ['accountEnabled eq false', false],
    ['accountEnabled ne false', true],
    // null semantics: absent and null are both null
    ['country eq null', true],
    ['jobTitle eq null', true],
    ['department eq null', false],
    ['department ne null', true],
    ['country ne null', false],
    ["country eq 'US'", false],
    ["country ne 'US'", true],
    ["jobTitle gt 'A'", false],
    ['department gt null', false],
    // ordering on strings (case-insensitive), numbers and date-times
    ["employeeId ge 'e100'", true],
    ["employeeId gt 'E100'", false],
    ["employeeId lt 'E2'", true],
    ["employeeId le 'E099'", false],
    ['extension_0123456789abcdef0123456789abcdef_officeNumber eq 42', true],
    ['extension_0123456789abcdef0123456789abcdef_officeNumber gt 41.5', true],
    ['extension_0123456789abcdef0123456789abcdef_officeNumber lt -1', false],
    ['extension_0123456789abcdef0123456789abcdef_officeNumber le 4.2e1', true],
    ['createdDateTime ge 2024-01-01T00:00:00Z', true],
    ['createdDateTime lt 2024-03-15T10:00:00Z', false],
    ['createdDateTime le 2024-03-15T11:00:00+01:00', true],
    ['createdDateTime gt 2024-03-15T10:00:00.5Z', false],
    // a literal of the wrong type never matches (Graph would refuse the filter)
    ["extension_0123456789abcdef0123456789abcdef_officeNumber eq '42'", false],
    ['department eq 1', false],
    // guids compare as case-insensitive strings
    ['id eq 6F1C2B3A-0000-4000-8000-000000000001', true],
    ["id eq '6f1c2b3a-0000-4000-8000-000000000001'", true],
    // in
    ["department in ('Marketing', 'sales')", true],
    ["department in ('Marketing')", false],
    ['country in (null)', true],
    // startsWith / endsWith, case-insensitive
    ["startsWith(displayName, 'ali')", true],
    ["startswith(displayName, 'Bob')", false],
    ["endsWith(mail, '@CONTOSO.com')", true],
    ["endswith(mail, '@fabrikam.com')", false],
    ["startsWith(jobTitle, 'a')", false],
    // navigation paths
    ["onPremisesExtensionAttributes/extensionAttribute1 eq 'emea'", true],
    ['onPremisesExtensionAttributes/extensionAttribute2 eq null', true],
    ['onPremisesExtensionAttributes/extensionAttribute9 eq null', true],
    ["employeeOrgData/costCenter eq '100'", true],
    ["(employeeOrgData/costCenter eq '200')", false],
    // lambdas over string and object collections
    ["otherMails/any(m: m eq 'ALICE@fabrikam.com')", true],
    ["otherMails/any(m: endsWith(m, '@example.org'))", true],
    ["otherMails/any(m: m eq 'bob@fabrikam.com')", false],
    ["otherMails/all(m: startsWith(m, 'a'))", true],
    ["otherMails/all(m: endsWith(m, '.com'))", false],
    ["identities/any(i: i/issuer eq 'facebook.com' and i/signInType eq 'federated')", true],
    ["identities/any(i: i/issuer eq 'facebook.com' and i/signInType eq 'emailAddress')", false],
    ["proxyAddresses/any(p: startsWith(p, 'smtp:'))", false],
    ['proxyAddresses/any()', false],
    ['otherMails/any()', true],
    ["not(otherMails/any(m: m eq 'x@y.z'))", true],
    // $count in filters
    ['assignedLicenses/$count eq 0', false],
    ['assignedLicenses/$count ne 0', true],
    ['proxyAddresses/$count eq 0', true],
    ['otherMails/$count ge 2', true],
    ['imAddresses/$count eq 0', true],
  ])('%s -> %s', (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });

  it.each([
    // and binds tighter than or: a or (b and c)
    ["department eq 'Sales' or city eq 'Paris' and userType eq 'Guest'", true],
    ["department eq 'HR' or city eq 'Redmond' and userType eq 'Member'", true],
    ["(department eq 'Sales' or city eq 'Paris') and userType eq 'Guest'", false],
    ["department eq 'HR' and city eq 'Redmond' or userType eq 'Guest'", false],
    // not binds tighter than and / or
    ["not department eq 'HR' and city eq 'Redmond'", true],
    ["not (department eq 'Sales' or city eq 'Paris')", false],
    ["NOT startsWith(displayName, 'Conf')", true],
    ['not not accountEnabled eq true', true],
    // the lifecycle workflow examples
    ["(department eq 'Marketing') or (not (city eq 'Redmond'))", false],
    ["(department eq 'Sales') or (not (city eq 'Redmond'))", true],
    ["(employeeOrgData/costCenter eq '100')", true],
    ["((((userType eq 'Member'))))", true],
  ])('precedence: %s -> %s', (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });

  it('reads Date values as date-times', () => {
    expect(
      matches('createdDateTime ge 2024-01-01T00:00:00Z', { createdDateTime: new Date('2025-01-01') }),
    ).toBe(true);
  });
});
