// The conditions and Events of the ReviewSchedule controller.
import { condition, ready } from './entries.js';
import { governance, GROUP_NOT_SYNCED, LEFT_IN_TENANT } from './shared.js';

/** What the ReviewSchedule controller reports. */
export const reviewScheduleReasons = {
  conditions: [
    ...governance('`scope.accessPackagePolicyRef` or a TenantLink in `scope.syncedFrom`'),
    GROUP_NOT_SYNCED,
    ready(
      'False',
      'DependencyNotReady',
      'The AccessPackagePolicy has no access package id in its status yet; retried on its own.',
    ),
    ready(
      'False',
      'ScopeUnsupported',
      '`principals` other than All on an access package review: Graph filters such reviews only by package ' +
        'and policy. Stalled.',
    ),
    condition(
      'SyncConflict',
      'True',
      'SyncReprovisionsDeniedUsers',
      'Warning, present only while true: denied users are removed automatically, but a SyncScope into this ' +
        'tenant would provision them again. Use `onDeny: ExcludeFromSync` or review in the source tenant.',
    ),
  ],
  events: [LEFT_IN_TENANT],
};
