import { randomUUID } from 'node:crypto';
import type { SimStore } from '../store/store.js';
import type { GraphResult } from '../http/errors.js';
import { authenticateClient } from './client-auth.js';
import type { SigningKeys } from './keys.js';

const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';

/** The identity platform's error body, with the trace and correlation ids Entra adds. */
function aadError(
  status: number,
  error: string,
  code: number,
  description: string,
  correlationId?: string,
): GraphResult {
  const traceId = randomUUID();
  const correlation = correlationId ?? randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return {
    status,
    body: {
      error,
      error_description: `${description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlation,
    },
  };
}

function unknownTenant(tenant: string): GraphResult {
  return aadError(
    400,
    'invalid_tenant',
    90002,
    `AADSTS90002: Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  );
}

/** Answers the authority endpoints: OpenID configuration, JWKS and the client-credentials token endpoint. */
export async function handleAuthority(
  store: SimStore,
  keys: SigningKeys,
  method: string,
  path: string,
  rawBody: string,
  baseUrl: string,
  correlationId?: string,
): Promise<GraphResult | undefined> {
  const match =
    /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|discovery\/v2\.0\/keys|oauth2\/v2\.0\/token)$/.exec(
      path,
    );
  if (!match) return undefined;
  const [, tenantParam = '', endpoint] = match;
  const tenant = store.resolve(decodeURIComponent(tenantParam));
  if (!tenant) return unknownTenant(tenantParam);
  const tid = tenant.info.id;
  if (endpoint === 'discovery/v2.0/keys') return { status: 200, body: { keys: [keys.jwk] } };
  if (endpoint !== 'oauth2/v2.0/token') {
    return {
      status: 200,
      body: {
        issuer: `${baseUrl}/${tid}/v2.0`,
        authorization_endpoint: `${baseUrl}/${tid}/oauth2/v2.0/authorize`,
        token_endpoint: `${baseUrl}/${tid}/oauth2/v2.0/token`,
        jwks_uri: `${baseUrl}/${tid}/discovery/v2.0/keys`,
        token_endpoint_auth_methods_supported: [
          'client_secret_post',
          'private_key_jwt',
          'client_secret_basic',
        ],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        tenant_region_scope: 'EU',
      },
    };
  }
  if (method !== 'POST')
    return aadError(
      405,
      'invalid_request',
      900561,
      'AADSTS900561: The endpoint only accepts POST requests.',
      correlationId,
    );
  const form = new URLSearchParams(rawBody);
  if (form.get('grant_type') !== 'client_credentials') {
    return aadError(
      400,
      'unsupported_grant_type',
      70003,
      'AADSTS70003: The app requested an unsupported grant type.',
      correlationId,
    );
  }
  const scope = form.get('scope') ?? '';
  if (!scope.split(' ').includes(GRAPH_DEFAULT_SCOPE)) {
    return aadError(
      400,
      'invalid_scope',
      1002012,
      `AADSTS1002012: The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      correlationId,
    );
  }
  const clientId = form.get('client_id') ?? '';
  const app = tenant.apps.get(clientId.toLowerCase());
  if (!app) {
    return aadError(
      400,
      'unauthorized_client',
      700016,
      `AADSTS700016: Application with identifier '${clientId}' was not found in the directory '${tenant.info.displayName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      correlationId,
    );
  }
  const endpoints = [`${baseUrl}/${tid}/oauth2/v2.0/token`, `${baseUrl}/${tenantParam}/oauth2/v2.0/token`];
  const auth = await authenticateClient(app, form, endpoints);
  if (!auth.ok) return aadError(auth.status, auth.error, auth.code, auth.description, correlationId);
  const { token, expiresIn } = await keys.issue(tid, app.appId, [...app.roles]);
  return {
    status: 200,
    body: { token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn, access_token: token },
  };
}
