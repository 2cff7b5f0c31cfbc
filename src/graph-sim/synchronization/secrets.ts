// The synchronization secrets as Graph documents them: keys of the synchronizationSecret enumeration only, and
// SyncNotificationSettings holding only the flags Entra's configuration guide shows. Anything else is refused,
// so that the operator cannot come to rely on a key the reference pages do not give.
import { badRequest } from '../http/errors.js';

/** synchronizationSecret, as the synchronizationSecretKeyStringValuePair page lists it. */
const SECRET_KEYS: ReadonlySet<string> = new Set([
  'None',
  'UserName',
  'Password',
  'SecretToken',
  'AppKey',
  'BaseAddress',
  'ClientIdentifier',
  'ClientSecret',
  'SingleSignOnType',
  'Sandbox',
  'Url',
  'Domain',
  'ConsumerKey',
  'ConsumerSecret',
  'TokenKey',
  'TokenExpiration',
  'Oauth2AccessToken',
  'Oauth2AccessTokenCreationTime',
  'Oauth2RefreshToken',
  'SyncAll',
  'InstanceName',
  'Oauth2ClientId',
  'Oauth2ClientSecret',
  'CompanyId',
  'UpdateKeyOnSoftDelete',
  'SynchronizationSchedule',
  'SystemOfRecord',
  'SandboxName',
  'EnforceDomain',
  'SyncNotificationSettings',
  'SkipOutOfScopeDeletions',
  'Oauth2AuthorizationCode',
  'Oauth2RedirectUri',
  'ApplicationTemplateIdentifier',
  'Oauth2TokenExchangeUri',
  'Oauth2AuthorizationUri',
  'AuthenticationType',
  'Server',
  'PerformInboundEntitlementGrants',
  'HardDeletesEnabled',
  'SyncAgentCompatibilityKey',
  'SyncAgentADContainer',
  'ValidateDomain',
  'TestReferences',
  'ConnectionString',
]);

/** The flags of SyncNotificationSettings that Entra's "configure with Graph" guide shows. */
const NOTIFICATION_FLAGS: ReadonlySet<string> = new Set([
  'Enabled',
  'DeleteThresholdEnabled',
  'HumanResourcesLookaheadQueryEnabled',
]);

function checkNotificationSettings(value: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw badRequest('SyncNotificationSettings must be a JSON object.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw badRequest('SyncNotificationSettings must be a JSON object.');
  for (const [flag, setting] of Object.entries(parsed)) {
    if (!NOTIFICATION_FLAGS.has(flag))
      throw badRequest(`SyncNotificationSettings has an unknown setting '${flag}'.`);
    if (typeof setting !== 'boolean')
      throw badRequest(`SyncNotificationSettings '${flag}' must be a boolean.`);
  }
}

/** Reads a PUT secrets body into key/value pairs, or throws Graph's 400. */
export function parseSecrets(value: unknown): Map<string, string> {
  if (!Array.isArray(value))
    throw badRequest("The request body must hold 'value', a list of key/value pairs.");
  const secrets = new Map<string, string>();
  for (const pair of value as Record<string, unknown>[]) {
    const key = pair?.['key'];
    const text = pair?.['value'];
    if (typeof key !== 'string' || typeof text !== 'string')
      throw badRequest('Each secret needs a string key and a string value.');
    if (!SECRET_KEYS.has(key)) throw badRequest(`'${key}' is not a synchronizationSecret.`);
    if (key === 'SyncNotificationSettings') checkNotificationSettings(text);
    secrets.set(key, text);
  }
  return secrets;
}
