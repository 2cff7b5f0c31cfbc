import { evaluateMembershipRule, parseMembershipRule } from './membership.js';

const bob = {
  id: '11111111-2222-3333-4444-555555555555',
  displayName: 'David Jones',
  department: 'Sales',
  city: 'Lagos',
  country: null,
  userType: 'Member',
  employeeType: 'Contractor',
  accountEnabled: true,
  onPremisesSyncEnabled: false,
  mobilePhone: '+1 555 0100',
  businessPhones: ['+1 555 0199'],
  mail: 'david@contoso.com',
  mailNickname: 'david',
  otherMails: ['david@fabrikam.com', 'dj@example.org'],
  proxyAddresses: ['SMTP:david@contoso.com', 'smtp:dj@contoso.onmicrosoft.com'],
  assignedPlans: [
    {
      service: 'exchange',
      servicePlanId: 'efb87545-963c-4e0d-99df-69c6916d9eb0',
      capabilityStatus: 'Enabled',
    },
    { service: 'SCO', servicePlanId: 'c1ec4a95-1f05-45b3-a911-aa3fa01094f5', capabilityStatus: 'Deleted' },
  ],
  memberOf: ['aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb'],
  manager: { id: 'CCCCCCCC-0000-1111-2222-DDDDDDDDDDDD' },
  employeeHireDate: '2026-11-20T00:00:00Z',
  onPremisesExtensionAttributes: { extensionAttribute1: 'EMEA', extensionAttribute15: 'Marketing' },
  extension_c272a57b722d4eb29bfe327874ae79cb_OfficeNumber: '123',
  extension_c272a57b722d4eb29bfe327874ae79cb_Floor: 3,
};
const now = new Date('2026-11-28T00:00:00Z');

function matches(rule: string, user: Record<string, unknown> = bob): boolean {
  const parsed = parseMembershipRule(rule);
  if (!parsed.ok) throw new Error(`${rule}: ${parsed.error.message} at ${parsed.error.position}`);
  return evaluateMembershipRule(parsed.expr, user, { now });
}

describe('evaluateMembershipRule', () => {
  it.each([
    // the access package example, and case-insensitive comparison
    ['(user.department -eq "Sales") -and (user.userType -eq "Member")', true],
    ['user.department -eq "sales"', true],
    ['user.department -eq "Sales "', false],
    ['user.department -ne "Sales"', false],
    ['user.department -ne "Marketing"', true],
    // every string operator, positive and negated
    ['user.city -startsWith "lag"', true],
    ['user.city -notStartsWith "lag"', false],
    ['user.city -endsWith "GOS"', true],
    ['user.city -notEndsWith "x"', true],
    ['user.city -contains "ago"', true],
    ['user.city -notContains "ago"', false],
    ['user.displayName -match "^Da.*"', true],
    ['user.displayName -match ".*vid"', true],
    ['user.displayName -match "^da"', true],
    ['user.displayName -notMatch "^aDa"', true],
    ['user.displayName -match "^Jones"', false],
    // -in / -notIn lists, either quote style
    ['user.department -in ["Marketing", "SALES"]', true],
    ["user.department -in ['Marketing', 'HR']", false],
    ['user.department -notIn ["Marketing", "HR"]', true],
    ['user.city -notin ["Lagos", "Ibadan"]', false],
    // booleans, with and without quotes
    ['user.accountEnabled -eq true', true],
    ['user.accountEnabled -eq "True"', true],
    ['user.accountEnabled -eq false', false],
    ['user.dirSyncEnabled -eq false', true],
    // null: absent and null both count; -ne null is "has a value"
    ['user.country -eq null', true],
    ['user.jobTitle -eq null', true],
    ['user.department -eq null', false],
    ['user.mail -ne null', true],
    ['user.country -ne null', false],
    ['user.department -eq "null"', false],
    // a null value fails positive operators and satisfies negated ones
    ['user.country -eq "US"', false],
    ['user.country -ne "US"', true],
    ['user.jobTitle -startsWith "a"', false],
    ['user.jobTitle -notStartsWith "a"', true],
    ['user.jobTitle -notContains "a"', true],
    ['user.jobTitle -notMatch "a"', true],
    ['user.jobTitle -in ["a"]', false],
    ['user.jobTitle -notIn ["a"]', true],
    // operators without the hyphen, in any case, and with the en dash the docs print
    ['user.department eq "Sales" and user.city EQ "lagos"', true],
    ['user.department -EQ "Sales" -AND user.city -StartsWith "L"', true],
    ['user.mail \u2013ne null \u2013and user.city \u2013eq "Lagos"', true],
    // property names: aliases, extension attributes, directory extensions, any case
    ['user.objectId -eq "11111111-2222-3333-4444-555555555555"', true],
    ['user.objectId -ne null', true],
    ['user.mobile -eq "+1 555 0100"', true],
    ['user.telephoneNumber -eq "+1 555 0199"', true],
    ['user.mailNickName -eq "DAVID"', true],
    ['user.Department -eq "Sales"', true],
    ['user.extensionAttribute1 -eq "emea"', true],
    ['(user.extensionAttribute15 -eq "Marketing")', true],
    ['user.extensionAttribute2 -eq null', true],
    ['user.extension_c272a57b722d4eb29bfe327874ae79cb_OfficeNumber -eq "123"', true],
    ['user.extension_c272a57b722d4eb29bfe327874ae79cb_Floor -eq 3', true],
    ['user.extension_c272a57b722d4eb29bfe327874ae79cb_Floor -ge 4', false],
    ['user.employeeType -eq "contractor"', true],
    // dates: -le / -ge against date-times and system.now
    ['user.employeeHireDate -le 2026-12-01T00:00:00Z', true],
    ['user.employeeHireDate -ge 2026-12-01T00:00:00Z', false],
    ['user.employeeHireDate -ge system.now -minus P8D', true],
    ['user.employeeHireDate -ge system.now -minus P7D', false],
    ['user.employeeHireDate -le system.now -plus p1d', true],
    ['user.employeeHireDate -le system.now -minus PT192H', true],
    ['user.jobTitle -le system.now', false],
    // multi-valued properties compared directly: any item
    ['user.otherMails -startsWith "dj@"', true],
    ['user.otherMails -endsWith "@contoso.com"', false],
    ['user.proxyAddresses -notEndsWith "@outlook.com"', true],
    ['user.proxyAddresses -notEndsWith "@contoso.com"', false],
    // -any / -all with _ and with item properties
    ['(user.proxyAddresses -any (_ -startsWith "smtp:dj"))', true],
    ['user.proxyAddresses -any _ -contains "fabrikam"', false],
    ['user.proxyAddresses -all (_ -match "contoso")', true],
    ['user.otherMails -all (_ -endsWith ".com")', false],
    [
      'user.assignedPlans -any (assignedPlan.servicePlanId -eq "efb87545-963c-4e0d-99df-69c6916d9eb0" -and assignedPlan.capabilityStatus -eq "Enabled")',
      true,
    ],
    [
      'user.assignedPlans -any (assignedPlan.service -eq "SCO" -and assignedPlan.capabilityStatus -eq "Enabled")',
      false,
    ],
    ['user.assignedPlans -all (assignedPlan.servicePlanId -eq null)', false],
    ["user.memberOf -any (group.objectId -in ['aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb'])", true],
    ["user.memberOf -any (group.objectId -in ['aaaaaaaa-0000-1111-2222-cccccccccccc'])", false],
    // direct reports
    ['Direct Reports for "cccccccc-0000-1111-2222-dddddddddddd"', true],
    ['direct reports for "aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb"', false],
  ])('%s -> %s', (rule, expected) => {
    expect(matches(rule)).toBe(expected);
  });

  it.each([
    // -and binds tighter than -or
    ['user.department -eq "HR" -or user.city -eq "Lagos" -and user.userType -eq "Member"', true],
    ['user.department -eq "Sales" -or user.city -eq "Paris" -and user.userType -eq "Guest"', true],
    ['(user.department -eq "Sales" -or user.city -eq "Paris") -and user.userType -eq "Guest"', false],
    ['user.department -eq "HR" -and user.city -eq "Lagos" -or user.userType -eq "Guest"', false],
    // -not binds tighter than -and
    ['(user.department -eq "Sales") -and -not (user.jobTitle -startsWith "SDE")', true],
    ['-not user.department -eq "HR" -and user.city -eq "Lagos"', true],
    ['-not (user.department -eq "Sales" -or user.city -eq "Paris")', false],
    ['not not user.accountEnabled -eq true', true],
    ['user.country -eq "US" -and (user.department -eq "Marketing" -or user.department -eq "Sales")', false],
    ['(((user.userType -eq "Member")))', true],
  ])('precedence: %s -> %s', (rule, expected) => {
    expect(matches(rule)).toBe(expected);
  });

  it('empty collections satisfy -all and -eq null, never -any', () => {
    const user = { otherMails: [], assignedPlans: [] };
    expect(matches('user.assignedPlans -all (assignedPlan.servicePlanId -eq null)', user)).toBe(true);
    expect(matches('user.otherMails -any (_ -contains "")', user)).toBe(false);
    expect(matches('user.otherMails -eq null', user)).toBe(true);
    expect(matches('user.otherMails -ne null', user)).toBe(false);
  });

  it('reads system.now from the clock it is given', () => {
    const parsed = parseMembershipRule('user.employeeHireDate -le system.now');
    if (!parsed.ok) throw new Error(parsed.error.message);
    const user = { employeeHireDate: '2030-01-01T00:00:00Z' };
    expect(evaluateMembershipRule(parsed.expr, user, { now })).toBe(false);
    expect(evaluateMembershipRule(parsed.expr, user, { now: new Date('2030-01-02T00:00:00Z') })).toBe(true);
  });
});
