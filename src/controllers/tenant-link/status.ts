import type { ReadyReason, TenantLinkStatus } from '../../api/index.js';
import type { Readiness } from '../../kube/conditions.js';
import { findCondition, READY } from '../../kube/conditions.js';
import type { Report } from '../../kube/report.js';
import type { PermissionCheck } from '../shared/permissions.js';

/** Why a TenantLink could not sign in or read its tenant; every reason is one a user can act on. */
export type LinkFailureReason =
  'SecretNotFound' | 'SecretKeyMissing' | 'CredentialsInvalid' | 'TenantNotFound' | 'TenantUnreachable';

/** What one check of a TenantLink found. */
export type LinkObservation =
  | { kind: 'suspended' }
  | { kind: 'failed'; reason: LinkFailureReason; message: string }
  | {
      kind: 'connected';
      clientId: string;
      displayName?: string;
      defaultDomain?: string;
      granted: string[];
      permissions: PermissionCheck;
    };

/** The Ready condition (and Stalled, when the user must act) an observation leads to. */
export function readinessOf(observation: LinkObservation): Readiness<ReadyReason<'TenantLink'>> {
  switch (observation.kind) {
    case 'suspended':
      return {
        state: 'notReady',
        reason: 'Suspended',
        message: 'Reconciliation is suspended (spec.suspend): the tenant is not contacted',
      };
    case 'failed':
      return {
        // An unreachable tenant may come back by itself; the other reasons need the user.
        state: observation.reason === 'TenantUnreachable' ? 'notReady' : 'stalled',
        reason: observation.reason,
        message: observation.message,
      };
    case 'connected': {
      const missing = observation.permissions.missing;
      if (missing.length > 0) {
        return {
          state: 'stalled',
          reason: 'PermissionsMissing',
          message:
            `The app ${observation.clientId} lacks application permissions that resources using this link ` +
            `need: ${missing.join(', ')}. Grant them with admin consent in the tenant.`,
        };
      }
      const domain = observation.defaultDomain ? ` (${observation.defaultDomain})` : '';
      return {
        state: 'ready',
        reason: 'Connected',
        message: `Signed in to ${observation.displayName ?? 'the tenant'}${domain} with ${observation.granted.length} application permissions`,
      };
    }
  }
}

/**
 * What an observation reports: conditions per kstatus, tenant facts from /organization (kept from the last
 * successful check when sign-in fails, since they describe the tenant), permissions only when known.
 */
export function linkReport(observation: LinkObservation, now: Date): Report<'TenantLink', TenantLinkStatus> {
  return {
    readiness: readinessOf(observation),
    fields: (previous) => {
      const kept = {
        ...(previous?.tenantDisplayName !== undefined
          ? { tenantDisplayName: previous.tenantDisplayName }
          : {}),
        ...(previous?.defaultDomain !== undefined ? { defaultDomain: previous.defaultDomain } : {}),
      };
      if (observation.kind !== 'connected')
        return { ...kept, ...(observation.kind === 'failed' ? { lastCheckedTime: metaTime(now) } : {}) };
      const displayName = observation.displayName ?? previous?.tenantDisplayName;
      const defaultDomain = observation.defaultDomain ?? previous?.defaultDomain;
      return {
        ...(displayName !== undefined ? { tenantDisplayName: displayName } : {}),
        ...(defaultDomain !== undefined ? { defaultDomain } : {}),
        grantedPermissions: [...observation.granted].sort(),
        requiredPermissions: observation.permissions.required,
        missingPermissions: observation.permissions.missing,
        lastCheckedTime: metaTime(now),
      };
    },
  };
}

/** metav1.Time's wire form: RFC 3339 in whole seconds. */
function metaTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The first wait before signing in again to a tenant that could not be reached. */
export const UNREACHABLE_RETRY_MS = 30_000;

/**
 * How long to wait before signing in again to an unreachable tenant: 30 s at first, then as long as the
 * link has not been Ready, at most `maxMs`. Each attempt spends seconds in the identity library's retries;
 * a tenant down for hours should not cost that every 30 s.
 */
export function unreachableRetryMs(status: TenantLinkStatus | undefined, now: Date, maxMs: number): number {
  const since = Date.parse(findCondition(status?.conditions, READY)?.lastTransitionTime ?? '');
  const down = Number.isNaN(since) ? 0 : now.getTime() - since;
  return Math.min(maxMs, Math.max(UNREACHABLE_RETRY_MS, down));
}
