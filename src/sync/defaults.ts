import type { AttributeMappingEntry, UserType } from './types.js';

/**
 * Attributes Entra's cross-tenant synchronization maps source -> same name in the target by default
 * (the default attribute mappings of "Configure cross-tenant synchronization"). userPrincipalName is left out: the invitation gives the
 * target user its B2B form. jobTitle, mobile and companyName are unconfirmed defaults and left out.
 */
export const DEFAULT_DIRECT_ATTRIBUTES: readonly string[] = [
  'accountEnabled',
  'streetAddress',
  'city',
  'state',
  'postalCode',
  'country',
  'department',
  'employeeId',
  'displayName',
  'givenName',
  'surname',
  'mailNickname',
  'preferredLanguage',
  // Entra's provisioning schema calls it telephoneNumber; Graph has no such property and answers 400 to
  // a $select of it: the same value is businessPhones.
  'businessPhones',
  'mail',
];

/** The default cross-tenant mapping set for a SyncScope creating users of `userType`. */
export function defaultMappings(userType: UserType): AttributeMappingEntry[] {
  return [
    ...DEFAULT_DIRECT_ATTRIBUTES.map((a): AttributeMappingEntry => ({
      target: a,
      source: a,
      apply: 'Always',
    })),
    // Entra's own job maps showInAddressList = True, but Graph's user resource says not to use it (Exchange
    // manages it), delta leaves it out and GET reads null: compared on every resync it would be PATCHed every time.
    // Entra leaves an existing Guest a Guest unless this mapping is changed to Always.
    { target: 'userType', constant: userType, apply: 'OnCreate' },
    // Synchronized as a reference to the target counterpart of the source manager (plan.ts).
    { target: 'manager', source: 'manager', apply: 'Always' },
  ];
}
