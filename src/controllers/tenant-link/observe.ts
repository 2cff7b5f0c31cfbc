// One check of a TenantLink: sign in, read /organization, and compare the token's permissions with what
// the resources using the link need. Every failure comes back as an observation a user can act on.
import type { Logger } from 'winston';
import type { TenantLink } from '../../api/index.js';
import { getOrganization, GraphRequestError, resolveEndpoints } from '../../graph/index.js';
import { tenantNotFound } from '../../graph/token.js';
import type { TenantOrganization } from '../../graph/index.js';
import type { OperatorContext } from '../context.js';
import { checkPermissions } from '../shared/permissions.js';
import type { LinkFailureReason, LinkObservation } from './status.js';
import { listUses } from './uses.js';

/** Signs in and reads the tenant; every failure comes back as an observation, never as a secret. */
export async function observe(ctx: OperatorContext, link: TenantLink, log: Logger): Promise<LinkObservation> {
  if (link.spec.suspend) return { kind: 'suspended' };
  const opened = await ctx.tenants.open(link, { fresh: true });
  if (!opened.ok) return { kind: 'failed', reason: asFailureReason(opened.reason), message: opened.message };
  const client = opened.connection.client;
  const token = await client.acquireToken();
  if (!token.ok) {
    const { spec } = link;
    const missing =
      token.failure.reason === 'TenantUnreachable'
        ? await tenantNotFound(
            resolveEndpoints(spec.endpoints ? { endpoints: spec.endpoints } : { cloud: spec.cloud })
              .authorityHost,
            spec.tenantId,
          )
        : undefined;
    const failure = missing ?? token.failure;
    return { kind: 'failed', reason: failure.reason, message: failure.message };
  }
  let organization: TenantOrganization | undefined;
  try {
    organization = await getOrganization(client);
  } catch (err) {
    // A 403 means the token lacks Organization.Read.All: the permission check below reports it.
    if (!(err instanceof GraphRequestError) || err.info.status !== 403) {
      const failure = describeGraphFailure(err);
      log.warn('reading /organization failed', { reason: failure.reason, detail: failure.message });
      return { kind: 'failed', ...failure };
    }
  }
  const uses = listUses(ctx, link.metadata.namespace ?? '');
  const granted = token.claims.roles;
  return {
    kind: 'connected',
    clientId: link.spec.credentials.clientId,
    ...(organization?.displayName ? { displayName: organization.displayName } : {}),
    ...(organization?.defaultDomain ? { defaultDomain: organization.defaultDomain } : {}),
    granted,
    permissions: checkPermissions(link.metadata.name ?? '', uses, granted),
  };
}

function asFailureReason(reason: string): LinkFailureReason {
  return reason === 'SecretNotFound' ||
    reason === 'SecretKeyMissing' ||
    reason === 'TenantUnreachable' ||
    reason === 'TenantNotFound'
    ? reason
    : 'CredentialsInvalid';
}

function describeGraphFailure(err: unknown): { reason: LinkFailureReason; message: string } {
  if (!(err instanceof GraphRequestError)) {
    return { reason: 'TenantUnreachable', message: err instanceof Error ? err.message : String(err) };
  }
  const info = err.info;
  const reason =
    info.code === 'TenantNotFound'
      ? 'TenantNotFound'
      : info.code === 'CredentialsInvalid' || info.status === 401
        ? 'CredentialsInvalid'
        : 'TenantUnreachable';
  const requestId = info.requestId ? ` (request-id ${info.requestId})` : '';
  return {
    reason,
    message: `Graph answered ${info.status || 'nothing'}: ${info.code}: ${info.message}${requestId}`,
  };
}
