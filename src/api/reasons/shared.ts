// Conditions several kinds share: suspension, a TenantLink that cannot be used, and the governance template.
import { condition, event, ready } from './entries.js';

export const SUSPENDED = ready(
  'False',
  'Suspended',
  '`spec.suspend` is true: the tenant is neither read nor written.',
);

/** Reasons a resource gets when the TenantLink it uses cannot be opened; `missing` names its other referents. */
export const linkUnusable = (missing: string, suffix = '') => [
  ready('False', 'ReferenceNotFound', `${missing} does not exist in this namespace.${suffix}`),
  ready(
    'False',
    'TenantLinkNotReady',
    'The TenantLink has not signed in successfully yet, is suspended or is failing; retried on its own. ' +
      'A TenantLink whose only problem is PermissionsMissing is used anyway.',
  ),
  ready(
    'False',
    ['SecretNotFound', 'SecretKeyMissing', 'CredentialsInvalid', 'TenantNotFound', 'TenantUnreachable'],
    'Opening the TenantLink failed since it last signed in (for example its Secret was deleted); see TenantLink.',
  ),
];

/** The conditions the governance kinds share. */
export const governance = (missing: string) => [
  ready(
    'True',
    'ReconciliationSucceeded',
    'The tenant matches the spec; the message says what this pass created or corrected. Drift is ' +
      'corrected every minute.',
  ),
  ready('True', 'DryRun', '`spec.mode: DryRun`: the message lists what would be written; nothing was.'),
  SUSPENDED,
  ...linkUnusable(`The TenantLink named by \`spec.tenantLinkRef\`, or ${missing},`, ' Stalled.'),
  ready(
    'False',
    'PermissionsMissing',
    'Graph answered 403: the app lacks a permission (see the TenantLink status and [permissions](../permissions.md)). Stalled.',
  ),
  ready(
    'False',
    'GraphRequestFailed',
    "Another Graph error; the message carries Graph's code and request id. Retried after Retry-After or 30 s.",
  ),
];

/** The Event of a governance resource deleted while suspended. */
export const LEFT_IN_TENANT = event(
  'LeftInTenant',
  'Warning',
  'Deleted while suspended with `deletionPolicy: Delete`: the tenant was neither read nor written and the ' +
    'finalizer was let go; the message says what stays in the tenant.',
);

export const ATTRIBUTES_NOT_SYNCED = condition(
  'AttributesNotSynced',
  'True',
  'NoSyncScopeMapsAttribute',
  'Warning, present only while true: the rule reads user attributes that no SyncScope into this tenant ' +
    'maps, so synchronized users never match on them.',
);

export const ruleInvalid = (what: string) =>
  ready('False', 'RuleInvalid', `${what} does not parse; the message shows where. Stalled.`);

/** A `syncedGroup` reference whose SyncScope has not created the group in the target yet. */
export const GROUP_NOT_SYNCED = ready(
  'False',
  'GroupNotSynced',
  'A `syncedGroup` names a source group its SyncScope has not created in the target yet ' +
    '(`status.groups.synced` of the SyncScope); looked at again every 10 s. A `syncedGroup` whose ' +
    'SyncScope does not exist is ReferenceNotFound.',
);
