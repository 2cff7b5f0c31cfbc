// The conditions and Events of the AccessPackagePolicy controller.
import { ready } from './entries.js';
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
  ],
  events: [LEFT_IN_TENANT],
};
