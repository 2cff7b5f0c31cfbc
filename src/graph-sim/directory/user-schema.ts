import { badRequest } from '../http/errors.js';
import type { TenantState } from '../store/tenant.js';
import type { Props } from '../store/types.js';

/** Properties a client may write on a user (Graph v1.0 user resource, the subset the simulator models). */
const WRITABLE = new Set([
  'accountEnabled',
  'ageGroup',
  'businessPhones',
  'city',
  'companyName',
  'consentProvidedForMinor',
  'country',
  'department',
  'displayName',
  'employeeHireDate',
  'employeeId',
  'employeeLeaveDateTime',
  'employeeOrgData',
  'employeeType',
  'faxNumber',
  'givenName',
  'identities',
  'jobTitle',
  'mail',
  'mailNickname',
  'mobilePhone',
  'officeLocation',
  'onPremisesExtensionAttributes',
  'onPremisesImmutableId',
  'otherMails',
  'passwordPolicies',
  'passwordProfile',
  'postalCode',
  'preferredLanguage',
  'showInAddressList',
  'state',
  'streetAddress',
  'surname',
  'usageLocation',
  'userPrincipalName',
  'userType',
]);

/** Properties Graph computes; selecting them is fine, writing them is not. */
const READ_ONLY = new Set([
  'id',
  'createdDateTime',
  'creationType',
  'deletedDateTime',
  'externalUserState',
  'externalUserStateChangeDateTime',
  'onPremisesSyncEnabled',
  'proxyAddresses',
  'imAddresses',
  'refreshTokensValidFromDateTime',
  'signInSessionsValidFromDateTime',
  'securityIdentifier',
]);

/** Graph's default property set for users when no `$select` is given. */
export const USER_DEFAULT_SELECT = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
] as const;

/** Properties stored but never returned (secrets). */
const NEVER_RETURNED = new Set(['passwordProfile']);

const EXTENSION_NAME = /^extension_[0-9a-f]{32}_[A-Za-z0-9_]+$/;
const ATTRIBUTE_NAME = /^extensionAttribute([1-9]|1[0-5])$/;

/** Whether `name` is a directory extension registered on an app of the tenant for users. */
export function isRegisteredExtension(tenant: TenantState, name: string, target = 'User'): boolean {
  if (!EXTENSION_NAME.test(name)) return false;
  for (const app of tenant.apps.values()) {
    if (app.extensionProperties.some((p) => p.name === name && p.targetObjects.includes(target))) return true;
  }
  return false;
}

/** Whether `$select` may name this user property. */
export function isSelectableUserProperty(tenant: TenantState, name: string): boolean {
  return (
    (WRITABLE.has(name) && !NEVER_RETURNED.has(name)) ||
    READ_ONLY.has(name) ||
    isRegisteredExtension(tenant, name)
  );
}

function check(condition: boolean, message: string): void {
  if (!condition) throw badRequest(message);
}

function checkExtensionAttributes(value: unknown): void {
  check(
    typeof value === 'object' && value !== null && !Array.isArray(value),
    "Invalid value for 'onPremisesExtensionAttributes'.",
  );
  for (const [key, v] of Object.entries(value as Props)) {
    check(
      ATTRIBUTE_NAME.test(key),
      `Property '${key}' does not exist as a declared property or extension property.`,
    );
    check(
      v === null || typeof v === 'string',
      `Invalid value specified for property '${key}' of resource 'OnPremisesExtensionAttributes'.`,
    );
  }
}

/** Validates a user POST/PATCH body: unknown and read-only properties are 400s like Graph's. */
export function validateUserBody(tenant: TenantState, body: unknown): Props {
  check(
    typeof body === 'object' && body !== null && !Array.isArray(body),
    'Empty Payload. JSON content expected.',
  );
  const props = body as Props;
  for (const [name, value] of Object.entries(props)) {
    if (name.startsWith('@odata.')) continue;
    if (READ_ONLY.has(name)) throw badRequest(`Property '${name}' is read-only and cannot be set.`);
    if (!WRITABLE.has(name) && !isRegisteredExtension(tenant, name)) {
      throw badRequest(`Property '${name}' does not exist as a declared property or extension property.`);
    }
    if (name === 'onPremisesExtensionAttributes') checkExtensionAttributes(value);
    if (name === 'accountEnabled' || name === 'showInAddressList') {
      check(
        typeof value === 'boolean' || value === null,
        `Invalid value specified for property '${name}' of resource 'User'.`,
      );
    }
    if (name === 'userType')
      check(
        value === 'Member' || value === 'Guest',
        "Invalid value specified for property 'userType' of resource 'User'.",
      );
  }
  return props;
}

/** Checks the UPN of a new or renamed user: unique, and in one of the tenant's verified domains. */
export function checkUserPrincipalName(tenant: TenantState, upn: unknown, selfId?: string): void {
  check(
    typeof upn === 'string' && /^[^@\s]+@[^@\s]+$/.test(upn),
    "Invalid value specified for property 'userPrincipalName' of resource 'User'.",
  );
  const value = upn as string;
  check(
    tenant.ownsDomain(value.slice(value.lastIndexOf('@') + 1)),
    'The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.',
  );
  const existing = tenant.findUser(value);
  if ((existing && existing.id !== selfId) || (!existing && tenant.upnTaken(value))) {
    throw badRequest('Another object with the same value for property userPrincipalName already exists.');
  }
}

/** Merges a validated body into stored props; onPremisesExtensionAttributes merge key by key like Graph. */
export function mergeUserProps(target: Props, body: Props): void {
  for (const [name, value] of Object.entries(body)) {
    if (name.startsWith('@odata.') || name === 'passwordProfile') continue;
    if (name === 'onPremisesExtensionAttributes') {
      target[name] = {
        ...emptyExtensionAttributes(),
        ...(target[name] as Props | undefined),
        ...(value as Props),
      };
    } else {
      target[name] = value;
    }
  }
}

/** All fifteen extensionAttributes set to null, Graph's shape for an untouched user. */
export function emptyExtensionAttributes(): Props {
  const out: Props = {};
  for (let i = 1; i <= 15; i++) out[`extensionAttribute${i}`] = null;
  return out;
}

/** Whether a seed may set this user property (seeds may also set what Graph computes, like creationType). */
export function isSeedableUserProperty(tenant: TenantState, name: string): boolean {
  return WRITABLE.has(name) || READ_ONLY.has(name) || isRegisteredExtension(tenant, name);
}
