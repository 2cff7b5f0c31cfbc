// The one convention both rule syntaxes use to name the user attributes a rule reads: the property path in
// the Graph v1.0 user resource, segments joined by '.', spelled as Graph spells it
// (`department`, `onPremisesExtensionAttributes.extensionAttribute1`, `employeeOrgData.costCenter`,
// `extension_<appIdWithoutHyphens>_<name>`). Controllers compare these with the attributes a SyncScope's
// mapping writes.

const USER_PROPERTIES = [
  'accountEnabled',
  'ageGroup',
  'assignedLicenses',
  'assignedPlans',
  'businessPhones',
  'city',
  'companyName',
  'country',
  'createdDateTime',
  'creationType',
  'department',
  'displayName',
  'employeeHireDate',
  'employeeId',
  'employeeLeaveDateTime',
  'employeeOrgData',
  'employeeType',
  'externalUserState',
  'faxNumber',
  'givenName',
  'id',
  'identities',
  'imAddresses',
  'jobTitle',
  'mail',
  'mailNickname',
  'manager',
  'memberOf',
  'mobilePhone',
  'officeLocation',
  'onPremisesDistinguishedName',
  'onPremisesExtensionAttributes',
  'onPremisesImmutableId',
  'onPremisesSamAccountName',
  'onPremisesSecurityIdentifier',
  'onPremisesSyncEnabled',
  'otherMails',
  'passwordPolicies',
  'postalCode',
  'preferredLanguage',
  'proxyAddresses',
  'showInAddressList',
  'state',
  'streetAddress',
  'surname',
  'usageLocation',
  'userPrincipalName',
  'userType',
  // nested: employeeOrgData and onPremisesExtensionAttributes
  'costCenter',
  'division',
  ...Array.from({ length: 15 }, (_, i) => `extensionAttribute${i + 1}`),
];

const CANONICAL = new Map(USER_PROPERTIES.map((name) => [name.toLowerCase(), name]));

/** Spells one property name as the Graph user resource does, leaving unknown names as written. */
export function canonicalPropertyName(name: string): string {
  return CANONICAL.get(name.toLowerCase()) ?? name;
}

/** Joins a property path into the attribute-name convention above. */
export function attributeName(path: readonly string[]): string {
  return path.map(canonicalPropertyName).join('.');
}

/** Sorts and de-duplicates attribute names, treating names that differ only in case as one. */
export function uniqueAttributes(names: Iterable<string>): string[] {
  const byFolded = new Map<string, string>();
  for (const name of names) if (!byFolded.has(name.toLowerCase())) byFolded.set(name.toLowerCase(), name);
  return [...byFolded.values()].sort();
}
