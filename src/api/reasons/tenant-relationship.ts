// The conditions and Events of the TenantRelationship controller.
import { event, ready } from './entries.js';
import { governance, LEFT_IN_TENANT } from './shared.js';

/** What the TenantRelationship controller reports. */
export const tenantRelationshipReasons = {
  conditions: [
    ...governance('a TenantLink named by `spec.pairs` or `spec.multiTenantOrganization`'),
    ready(
      'Unknown',
      'MultiTenantOrganizationJoining',
      'The multitenant organization was created or tenants were added or sent their join request; Entra ' +
        'completes joins asynchronously (up to hours). Reconciling is True meanwhile; checked every 10 s.',
    ),
  ],
  events: [
    LEFT_IN_TENANT,
    event(
      'SettingsApplied',
      'Normal',
      'The pass wrote settings into a tenant; the message lists each partner configuration and step.',
    ),
    event(
      'DriftCorrected',
      'Warning',
      'A declared setting was changed in a tenant after it was in place (by hand or another tool) and was ' +
        'set back; the message names each setting. `status.drift` lists them too.',
    ),
  ],
};
