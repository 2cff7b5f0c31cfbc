// The conditions and Events of the AccessPackagePolicy controller.
import { condition, event, ready } from './entries.js';
import {
  ATTRIBUTES_NOT_SYNCED,
  governance,
  GROUP_NOT_SYNCED,
  LEFT_IN_TENANT,
  ruleInvalid,
} from './shared.js';

/** What the AccessPackagePolicy controller reports. */
export const accessPackagePolicyReasons = {
  conditions: [
    ...governance('a TenantLink in `allowedRequestors.syncedFrom`'),
    ready('False', 'ReferenceNotFound', 'A group in `resources` does not exist in the tenant. Stalled.'),
    ruleInvalid("An automatic policy's membership rule"),
    ATTRIBUTES_NOT_SYNCED,
    GROUP_NOT_SYNCED,
    condition(
      'SyncConflict',
      'True',
      'GrantsSyncedGroupMembership',
      'Warning, present only while true: the package grants membership of a group a SyncScope into this ' +
        'tenant synchronizes, and each cycle of that SyncScope removes the members the package adds who are ' +
        'not members of the source group. Grant a group no SyncScope synchronizes (or the Owner role).',
    ),
  ],
  events: [
    LEFT_IN_TENANT,
    event(
      'GrantsSyncedGroupMembership',
      'Warning',
      'Recorded when the SyncConflict condition appears; the message names the groups and SyncScopes.',
    ),
  ],
};
