// A TenantLink resolved to a Graph client, or why it cannot be.
import type { TenantLink } from '../../api/index.js';
import type { GraphClient } from '../../graph/index.js';

/** A TenantLink resolved to a Graph client. */
export interface TenantConnection {
  link: TenantLink;
  client: GraphClient;
  tenantId: string;
  defaultDomain?: string;
  grantedPermissions: string[];
}

/** Why a TenantLink cannot be used, as a condition reason and a message a user can act on. */
export type TenantConnectFailure = {
  ok: false;
  reason:
    | 'ReferenceNotFound'
    | 'TenantLinkNotReady'
    | 'SecretNotFound'
    | 'SecretKeyMissing'
    | 'CredentialsInvalid'
    | 'TenantNotFound'
    | 'TenantUnreachable';
  message: string;
};

/** A connection, or why there is none. */
export type TenantConnectResult = { ok: true; connection: TenantConnection } | TenantConnectFailure;
