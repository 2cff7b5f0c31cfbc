import {
  MAX_MEMBERSHIP_RULE_LENGTH,
  attributesOfMembershipRule,
  parseMembershipRule,
  type MembershipExpr,
} from './membership.js';

function parse(rule: string): MembershipExpr {
  const parsed = parseMembershipRule(rule);
  if (!parsed.ok) throw new Error(`${rule}: ${parsed.error.message} at ${parsed.error.position}`);
  return parsed.expr;
}

describe('parseMembershipRule', () => {
  it('builds the access package example', () => {
    expect(parse('(user.department -eq "Sales") -and (user.userType -eq "Member")')).toEqual({
      kind: 'and',
      left: {
        kind: 'compare',
        op: 'eq',
        property: { kind: 'user', path: ['department'] },
        value: { kind: 'string', value: 'Sales' },
      },
      right: {
        kind: 'compare',
        op: 'eq',
        property: { kind: 'user', path: ['userType'] },
        value: { kind: 'string', value: 'Member' },
      },
    });
  });

  it('parses a bare -any predicate as one comparison, leaving -and outside', () => {
    expect(parse('user.proxyAddresses -any _ -startsWith "x" -and user.city -eq null')).toMatchObject({
      kind: 'and',
      left: {
        kind: 'lambda',
        quantifier: 'any',
        collection: { kind: 'user', path: ['proxyAddresses'] },
        predicate: { kind: 'compare', op: 'startsWith', property: { kind: 'element', path: [] } },
      },
      right: { kind: 'compare', op: 'eq', value: { kind: 'null' } },
    });
  });

  it.each([
    ['user.department -eq "say `"hi`""', { kind: 'string', value: 'say "hi"' }],
    ["user.department -eq 'O''Neil'", { kind: 'string', value: "O'Neil" }],
    ['user.department -eq ""', { kind: 'string', value: '' }],
    ['user.department -eq "a -and b"', { kind: 'string', value: 'a -and b' }],
    ['user.floor -eq -3.5', { kind: 'number', value: -3.5 }],
    ['user.accountEnabled -eq TRUE', { kind: 'boolean', value: true }],
    ['user.department -eq NULL', { kind: 'null' }],
    ['user.employeeHireDate -le 2020-06-10T18:13:20Z', { kind: 'dateTime', value: '2020-06-10T18:13:20Z' }],
    ['user.employeeHireDate -ge system.now -plus P1W', { kind: 'now', offsetMs: 7 * 86_400_000 }],
    ['user.employeeHireDate -ge system.now -minus PT1M30S', { kind: 'now', offsetMs: -90_000 }],
    ['user.employeeHireDate -ge System.Now', { kind: 'now', offsetMs: 0 }],
  ])('reads the value in %s', (rule, value) => {
    expect(parse(rule)).toMatchObject({ kind: 'compare', value });
  });

  it.each([
    ['', 0, 'expected a property such as user.department'],
    ['user.department -eq "Sales', 20, 'unterminated string'],
    ['user.department "Sales"', 16, 'expected a comparison operator'],
    ['user.department -equals "Sales"', 16, "found '-equals'"],
    ['user.department -eq', 19, 'expected a value'],
    [
      'user.department -eq Sales',
      20,
      "expected a value (a quoted string, number, true, false, null, date-time or system.now) but found 'Sales'",
    ],
    ['(user.department -eq "Sales"', 28, "expected ')' or -and / -or"],
    ['user.department -eq "Sales")', 27, "expected -and, -or or end of input but found ')'"],
    ['user.department -eq "Sales" -and', 32, 'found end of input'],
    ['user.department -eq "Sales" user.city -eq "x"', 28, "found 'user.city'"],
    ['department -eq "Sales"', 0, 'expected a property such as user.department'],
    ['user.onPremisesExtensionAttributes.extensionAttribute1 -eq "x"', 0, 'expected user.<name>'],
    ['device.deviceOSType -eq "iPad"', 0, 'device rules are not supported'],
    ['_ -eq "x"', 0, 'expected a property'],
    ['user.department -in "Sales"', 20, "expected '[' to open the list"],
    ['user.department -in ["a" "b"]', 25, "expected ',' or ']' in the list"],
    ['user.department -eq ["a"]', 20, 'allowed only after -in or -notIn'],
    ['user.department -startsWith null', 28, 'null can be compared only with -eq or -ne'],
    ['user.mail -not null', 10, 'expected a comparison operator'],
    ['user.department -contains 5', 26, 'expected a quoted string after -contains'],
    ['user.displayName -match "(unclosed"', 24, 'invalid regular expression'],
    ['user.employeeHireDate -lt 2020-01-01T00:00:00Z', 22, '-lt is not supported'],
    ['user.employeeHireDate -ge system.now -plus 1d', 43, 'ISO 8601 duration'],
    ['user.employeeHireDate -ge system.now -plus P1Y', 43, 'ISO 8601 duration'],
    ['user.employeeHireDate -ge system.now -plus P', 43, 'ISO 8601 duration'],
    ['user.employeeHireDate -ge system.now -minus PT', 44, 'ISO 8601 duration'],
    ['user.department -eq "a" # x', 24, "unexpected character '#'"],
    ['Direct Reports for manager', 19, 'the quoted object id of the manager'],
    ['Direct Reports for "x" -and user.city -eq "y"', 23, 'end of input'],
    [
      `user.department -eq "${'x'.repeat(MAX_MEMBERSHIP_RULE_LENGTH)}"`,
      MAX_MEMBERSHIP_RULE_LENGTH,
      'limited to 3072',
    ],
  ])('rejects %j at position %i', (rule, position, message) => {
    const parsed = parseMembershipRule(rule);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.position).toBe(position);
    expect(parsed.error.message).toContain(message);
  });
});

describe('attributesOfMembershipRule', () => {
  it.each([
    ['(user.department -eq "Sales") -and (user.userType -eq "Member")', ['department', 'userType']],
    ['user.Department -eq "a" -or user.department -eq "b"', ['department']],
    ['user.extensionAttribute1 -eq "x"', ['onPremisesExtensionAttributes.extensionAttribute1']],
    ['user.EXTENSIONATTRIBUTE12 -eq "x"', ['onPremisesExtensionAttributes.extensionAttribute12']],
    [
      'user.extension_c272a57b722d4eb29bfe327874ae79cb_OfficeNumber -eq "1"',
      ['extension_c272a57b722d4eb29bfe327874ae79cb_OfficeNumber'],
    ],
    [
      'user.objectId -ne null -and user.mobile -eq "1" -and user.mailNickName -eq "a"',
      ['id', 'mailNickname', 'mobilePhone'],
    ],
    ['user.assignedPlans -any (assignedPlan.service -eq "SCO")', ['assignedPlans']],
    [
      'user.proxyAddresses -any (_ -startsWith "x") -and -not (user.city -eq "y")',
      ['city', 'proxyAddresses'],
    ],
    ['user.employeeHireDate -ge system.now -minus P1D', ['employeeHireDate']],
    ['Direct Reports for "x"', ['manager']],
  ])('%s -> %j', (rule, attributes) => {
    expect(attributesOfMembershipRule(parse(rule))).toEqual(attributes);
  });
});
