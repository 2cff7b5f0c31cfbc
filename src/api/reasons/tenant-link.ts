// The conditions and Events of the TenantLink controller.
import { ready } from './entries.js';
import { SUSPENDED } from './shared.js';

/** What the TenantLink controller reports. */
export const tenantLinkReasons = {
  conditions: [
    ready(
      'True',
      'Connected',
      'Signed in and read `/organization`; every permission the resources using this link need is granted. ' +
        'Checked again every 5 minutes and whenever the referenced Secret changes.',
    ),
    ready(
      'False',
      'PermissionsMissing',
      'Signed in, but the token lacks the permissions in `status.missingPermissions`. Grant them with admin ' +
        'consent. Stalled.',
    ),
    ready('False', 'SecretNotFound', 'The referenced Secret does not exist in this namespace. Stalled.'),
    ready('False', 'SecretKeyMissing', 'The Secret has no value under the referenced key. Stalled.'),
    ready(
      'False',
      'CredentialsInvalid',
      'The token request was refused (the message carries the AADSTS error), or `workloadIdentity` is set ' +
        'but no federated token is projected into the pod. Stalled.',
    ),
    ready(
      'False',
      'TenantNotFound',
      'The sign-in authority does not know `spec.tenantId` (AADSTS90002): a wrong tenant id, or a tenant of ' +
        'another cloud than `spec.cloud`. Stalled: checked again every 5 minutes, not retried as an outage.',
    ),
    ready(
      'False',
      'TenantUnreachable',
      'The sign-in authority or Graph could not be reached or answered an error; retried 30 s later, then after a wait as long as the outage so far, at most 5 minutes.',
    ),
    SUSPENDED,
  ],
  events: [],
};
