import { describeRuleError, evaluateRule, parseRule, type RuleSyntax } from './index.js';

describe('parseRule', () => {
  it.each<[RuleSyntax, string, string[]]>([
    [
      'membership',
      '(user.department -eq "Sales") -and (user.userType -eq "Member")',
      ['department', 'userType'],
    ],
    [
      'membership',
      'user.extensionAttribute3 -eq "EMEA"',
      ['onPremisesExtensionAttributes.extensionAttribute3'],
    ],
    ['odata', "(department eq 'Marketing') or (not (city eq 'Redmond'))", ['city', 'department']],
    [
      'odata',
      "onPremisesExtensionAttributes/extensionAttribute3 eq 'EMEA'",
      ['onPremisesExtensionAttributes.extensionAttribute3'],
    ],
  ])('%s: %s reads %j', (syntax, text, attributes) => {
    const result = parseRule(syntax, text);
    expect(result).toMatchObject({ ok: true, syntax, attributes });
  });

  it('names the same attribute the same way in both syntaxes', () => {
    const membership = parseRule(
      'membership',
      'user.extensionAttribute7 -eq "x" -and user.mailNickName -eq "y"',
    );
    const odata = parseRule(
      'odata',
      "onPremisesExtensionAttributes/extensionAttribute7 eq 'x' and mailNickName eq 'y'",
    );
    expect(membership.ok && odata.ok && membership.attributes).toEqual(odata.ok && odata.attributes);
  });

  it.each<[RuleSyntax, string, number]>([
    ['membership', "department eq 'Sales'", 0],
    ['odata', '(user.department -eq "Sales")', 5],
  ])('reports the position when %s syntax is given the other syntax: %s', (syntax, text, position) => {
    const result = parseRule(syntax, text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.syntax).toBe(syntax);
    expect(result.error.position).toBe(position);
  });
});

describe('evaluateRule', () => {
  const user = { department: 'Sales', city: 'Paris', employeeHireDate: '2026-01-10T00:00:00Z' };

  it.each<[RuleSyntax, string, boolean]>([
    ['membership', 'user.department -eq "sales" -and user.city -ne "Redmond"', true],
    ['membership', 'user.employeeHireDate -ge system.now -minus P7D', true],
    ['membership', 'user.employeeHireDate -ge system.now -minus P1D', false],
    ['odata', "(department eq 'Marketing') or (not (city eq 'Redmond'))", true],
    ['odata', "department eq 'Marketing'", false],
  ])('%s: %s -> %s', (syntax, text, expected) => {
    const rule = parseRule(syntax, text);
    if (!rule.ok) throw new Error(rule.error.message);
    expect(evaluateRule(rule, user, { now: new Date('2026-01-15T00:00:00Z') })).toBe(expected);
  });
});

describe('describeRuleError', () => {
  it('quotes the text around the position', () => {
    const text = 'user.department -eq "Sales" -and user.jobTitle -startsWith null -or user.city -eq "x"';
    const result = parseRule('membership', text);
    if (result.ok) throw new Error('expected a parse error');
    expect(describeRuleError(text, result.error)).toBe(
      'null can be compared only with -eq or -ne (at position 59: "…obTitle -startsWith null -or user.city -…")',
    );
  });

  it('marks no ellipsis when the rule is short', () => {
    expect(describeRuleError('a eq', { message: 'm', position: 4 })).toBe('m (at position 4: "a eq")');
  });
});
