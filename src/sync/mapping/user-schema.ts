// Microsoft Graph v1.0's user resource as the mapping compiler needs it: which properties a source read
// can `$select` from a user list, which a PATCH of a B2B user may write, their type and cardinality.
// Checked against the "user resource type" and "Update user" pages of the v1.0 reference. Properties
// that Graph returns only for a single user (aboutMe, birthday, interests, mySite, pastProjects,
// preferredName, responsibilities, schools, skills) are absent: a user-list `$select` of them fails.

/** The Graph type of a user property as an expression produces it. */
export type PropertyType = 'String' | 'Boolean' | 'DateTimeOffset';

/** What the compiler knows of one user property. */
export interface UserProperty {
  type: PropertyType;
  multiValued: boolean;
  /** A PATCH of the user may set it. */
  writable: boolean;
  /** Graph keeps it unique in the tenant, so one value for every user cannot work. */
  unique?: boolean;
}

const p = (type: PropertyType, writable: boolean, multiValued = false, unique = false): UserProperty => ({
  type,
  multiValued,
  writable,
  ...(unique ? { unique } : {}),
});

const WRITABLE_STRINGS = [
  'ageGroup',
  'city',
  'companyName',
  'consentProvidedForMinor',
  'country',
  'department',
  'displayName',
  'employeeId',
  'employeeType',
  'faxNumber',
  'givenName',
  'jobTitle',
  'mail',
  'mailNickname',
  'mobilePhone',
  'officeLocation',
  'onPremisesImmutableId',
  'passwordPolicies',
  'postalCode',
  'preferredDataLocation',
  'preferredLanguage',
  'state',
  'streetAddress',
  'surname',
  'usageLocation',
  'userType',
];

const READ_ONLY_STRINGS = [
  'id',
  'creationType',
  'externalUserState',
  'legalAgeGroupClassification',
  'onPremisesDistinguishedName',
  'onPremisesDomainName',
  'onPremisesSamAccountName',
  'onPremisesSecurityIdentifier',
  'onPremisesUserPrincipalName',
  'securityIdentifier',
];

const READ_ONLY_DATES = [
  'createdDateTime',
  'deletedDateTime',
  'externalUserStateChangeDateTime',
  'lastPasswordChangeDateTime',
  'onPremisesLastSyncDateTime',
  'signInSessionsValidFromDateTime',
];

const USER_PROPERTIES: ReadonlyMap<string, UserProperty> = new Map<string, UserProperty>([
  ...WRITABLE_STRINGS.map((n): [string, UserProperty] => [n, p('String', true)]),
  ...READ_ONLY_STRINGS.map((n): [string, UserProperty] => [n, p('String', false)]),
  ...READ_ONLY_DATES.map((n): [string, UserProperty] => [n, p('DateTimeOffset', false)]),
  ['userPrincipalName', p('String', true, false, true)],
  ['accountEnabled', p('Boolean', true)],
  ['showInAddressList', p('Boolean', true)],
  ['onPremisesSyncEnabled', p('Boolean', false)],
  ['employeeHireDate', p('DateTimeOffset', true)],
  ['employeeLeaveDateTime', p('DateTimeOffset', true)],
  ['businessPhones', p('String', true, true)],
  ['otherMails', p('String', true, true)],
  ['imAddresses', p('String', false, true)],
  ['proxyAddresses', p('String', false, true)],
  ['employeeOrgData.division', p('String', true)],
  ['employeeOrgData.costCenter', p('String', true)],
  // The expression language's name for the object id.
  ['objectId', p('String', false)],
]);

const EXTENSION_ATTRIBUTE = /^(onPremisesExtensionAttributes\.)?extensionAttribute([1-9]|1[0-5])$/;
const DIRECTORY_EXTENSION = /^extension_[0-9a-fA-F]{32}_[A-Za-z0-9_]+$/;

/** The property an attribute path names, or undefined when Graph's user has no such property. */
export function userProperty(path: string): UserProperty | undefined {
  const known = USER_PROPERTIES.get(path);
  if (known) return known;
  // extensionAttribute1-15 and directory extensions: strings an application may write on any user.
  if (EXTENSION_ATTRIBUTE.test(path) || DIRECTORY_EXTENSION.test(path)) return p('String', true);
  return undefined;
}

/** Why `path` cannot be read from a source user, or null when it can. */
export function sourceProblem(path: string): string | null {
  return userProperty(path) ? null : `unknown source attribute [${path}]: Graph's user has no such property`;
}

/** Why `path` cannot be written on a target user, or null when it can. */
export function targetProblem(path: string): string | null {
  const property = userProperty(path);
  if (!property) return `not a property of Graph's user that can be written`;
  if (!property.writable) return 'read-only in Graph: a PATCH of the user would fail';
  return null;
}
