import { parseRule } from '../rules/index.js';
import { attributesNotSynced, normalizeAttribute, syncedTargetAttributes } from './attribute-coverage.js';

const ANCHOR = 'onPremisesExtensionAttributes.extensionAttribute15';

function ruleAttributes(syntax: 'membership' | 'odata', text: string): string[] {
  const parsed = parseRule(syntax, text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.attributes;
}

describe('syncedTargetAttributes', () => {
  it('is the default set, userType and the anchor without a mapping', () => {
    const attributes = syncedTargetAttributes(undefined, 'Member', ANCHOR);
    expect(attributes).toEqual(
      expect.arrayContaining(['department', 'country', 'userType', 'manager', ANCHOR]),
    );
    expect(attributes).not.toContain('jobTitle');
  });

  it('adds mapped targets, with extensionAttributeN spelled as rules read it', () => {
    const mapping = {
      includeDefaults: true,
      mappings: [
        { target: 'jobTitle', source: 'jobTitle', apply: 'Always' as const },
        { target: 'extensionAttribute3', constant: 'EMEA', apply: 'Always' as const },
      ],
    };
    expect(syncedTargetAttributes(mapping, 'Member', ANCHOR)).toEqual(
      expect.arrayContaining(['jobTitle', 'onPremisesExtensionAttributes.extensionAttribute3', 'department']),
    );
  });

  it('leaves the defaults out when the mapping does', () => {
    const mapping = {
      includeDefaults: false,
      mappings: [{ target: 'city', source: 'city', apply: 'Always' as const }],
    };
    expect(syncedTargetAttributes(mapping, 'Member', ANCHOR)).toEqual([ANCHOR, 'city'].sort());
  });
});

describe('attributesNotSynced', () => {
  const defaults = [{ attributes: syncedTargetAttributes(undefined, 'Member', ANCHOR) }];
  const withJob = [
    ...defaults,
    {
      attributes: syncedTargetAttributes(
        { includeDefaults: false, mappings: [{ target: 'jobTitle', source: 'jobTitle', apply: 'Always' }] },
        'Member',
        ANCHOR,
      ),
    },
  ];
  it.each([
    [
      'membership rule on default attributes',
      'membership',
      '(user.department -eq "Sales") -and (user.userType -eq "Member")',
      defaults,
      [],
    ],
    [
      'membership rule on an unmapped attribute',
      'membership',
      '(user.jobTitle -eq "Seller") -and (user.department -eq "Sales")',
      defaults,
      ['jobTitle'],
    ],
    ['any SyncScope mapping it is enough', 'membership', '(user.jobTitle -eq "Seller")', withJob, []],
    [
      'an unmapped extension attribute',
      'membership',
      '(user.extensionAttribute3 -eq "EMEA")',
      defaults,
      ['onPremisesExtensionAttributes.extensionAttribute3'],
    ],
    [
      'lifecycle rule on intrinsic attributes',
      'odata',
      "(userType eq 'Member') and startswith(userPrincipalName, 'a')",
      defaults,
      [],
    ],
    ['lifecycle rule on companyName', 'odata', "(companyName eq 'Contoso EMEA')", defaults, ['companyName']],
    ['no SyncScope into the tenant: nothing to check', 'odata', "(companyName eq 'Contoso EMEA')", [], []],
  ] as const)('%s', (_, syntax, rule, scopes, missing) => {
    expect(attributesNotSynced(ruleAttributes(syntax, rule), scopes)).toEqual(missing);
  });

  it('normalizes spelling', () => {
    expect(normalizeAttribute('Department')).toBe('department');
    expect(normalizeAttribute('extensionattribute7')).toBe(
      'onPremisesExtensionAttributes.extensionAttribute7',
    );
  });
});
