import type { TokenCredential } from '@azure/identity';
import { decodeJwt } from 'jose';

/** The claims of a Graph access token that tell which tenant, app and permissions it carries. */
export interface TokenClaims {
  /** Application permissions granted to the app in this tenant (`User.ReadWrite.All`, ...). */
  roles: string[];
  tid: string;
  appid: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/** Why a token could not be had, in words a TenantLink condition can carry. */
export interface TokenFailure {
  reason: 'CredentialsInvalid' | 'TenantUnreachable' | 'TenantNotFound';
  /** The Entra error code (`AADSTS7000215`) when the identity platform sent one. */
  code?: string;
  message: string;
}

/** A token and its decoded claims, or why there is none. */
export type TokenResult =
  { ok: true; token: string; expiresOn: Date; claims: TokenClaims } | { ok: false; failure: TokenFailure };

/** Reads the claims of a token without verifying it: Graph verifies it; we only report what it carries. */
export function decodeTokenClaims(token: string): TokenClaims {
  const payload = decodeJwt(token);
  const roles = Array.isArray(payload.roles) ? payload.roles.filter((r) => typeof r === 'string') : [];
  const appid = typeof payload.appid === 'string' ? payload.appid : payload.azp;
  return {
    roles,
    tid: typeof payload.tid === 'string' ? payload.tid : '',
    appid: typeof appid === 'string' ? appid : '',
    exp: payload.exp ?? 0,
  };
}

// AADSTS90002: the tenant does not exist (or not in this cloud): nothing to sign in to, and retrying will
// not make it exist. A configuration error, not an outage.
const TENANT_CODES = new Set(['AADSTS90002']);
const NETWORK_PATTERN =
  /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN|fetch failed|network|socket hang up|endpoints_resolution_error|certificate/i;
const MAX_MESSAGE_LENGTH = 400;

function redact(text: string, secrets: readonly string[]): string {
  return secrets.filter((s) => s.length > 0).reduce((t, s) => t.split(s).join('[redacted]'), text);
}

// MSAL surfaces the identity platform's answer as "invalid_client: Error(s): 7000215 - Timestamp: ...
// - Description: AADSTS7000215: Invalid client secret provided. ... Trace ID: ... Correlation ID: ...".
// The sentence after the code is what a user can act on; trace ids only add noise to a condition.
function aadstsSentence(text: string): { code: string; message: string } | undefined {
  const match = /(AADSTS\d+):\s*([\s\S]*?)(?=\s+Trace ID:|\s+- Correlation ID:|\s+- Timestamp:|$)/.exec(text);
  if (!match?.[1]) return undefined;
  return { code: match[1], message: `${match[1]}: ${(match[2] ?? '').trim()}` };
}

function describe(err: unknown): { name: string; text: string } {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
    return { name: err.name, text: `${err.message}${cause}` };
  }
  return { name: 'Error', text: String(err) };
}

function truncate(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= MAX_MESSAGE_LENGTH ? oneLine : `${oneLine.slice(0, MAX_MESSAGE_LENGTH - 1)}…`;
}

/** Maps an @azure/identity failure (or its Graph SDK wrapping) to a reason, the AADSTS code and a safe message. */
export function classifyTokenError(err: unknown, secrets: readonly string[] = []): TokenFailure {
  const { name, text } = describe(err);
  const safe = redact(text, secrets);
  const aadsts = aadstsSentence(safe);
  if (aadsts) {
    if (TENANT_CODES.has(aadsts.code)) {
      const message = `No such tenant in this cloud; check spec.tenantId and spec.cloud: ${aadsts.message}`;
      return { reason: 'TenantNotFound', code: aadsts.code, message: truncate(message) };
    }
    return { reason: 'CredentialsInvalid', code: aadsts.code, message: truncate(aadsts.message) };
  }
  if (NETWORK_PATTERN.test(safe)) {
    return { reason: 'TenantUnreachable', message: truncate(`Cannot reach the sign-in authority: ${safe}`) };
  }
  return { reason: 'CredentialsInvalid', message: truncate(`${name}: ${safe}`) };
}

/** Gets a token for `scope` and decodes its claims; failures come back as values, never thrown. */
export async function acquireToken(
  credential: TokenCredential,
  scope: string,
  secrets: readonly string[] = [],
): Promise<TokenResult> {
  try {
    const token = await credential.getToken(scope);
    if (!token) {
      return {
        ok: false,
        failure: { reason: 'CredentialsInvalid', message: 'The credential returned no token' },
      };
    }
    return {
      ok: true,
      token: token.token,
      expiresOn: new Date(token.expiresOnTimestamp),
      claims: decodeTokenClaims(token.token),
    };
  } catch (err) {
    return { ok: false, failure: classifyTokenError(err, secrets) };
  }
}

/**
 * Asks the authority why it could not be used: MSAL reports a failed OpenID configuration read as
 * "endpoints cannot be resolved", without the answer, and that answer is AADSTS90002 when the tenant does
 * not exist (a configuration error) but nothing at all in an outage. Undefined unless the authority says
 * the tenant is not found.
 */
export async function tenantNotFound(
  authorityHost: string,
  tenantId: string,
  timeoutMs = 10_000,
): Promise<TokenFailure | undefined> {
  const url = `${authorityHost}/${encodeURIComponent(tenantId)}/v2.0/.well-known/openid-configuration`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (response.status !== 400) return undefined;
    const body = (await response.json()) as { error_codes?: unknown; error_description?: unknown };
    const description = typeof body.error_description === 'string' ? body.error_description : '';
    const failure = classifyTokenError(new Error(description));
    return failure.reason === 'TenantNotFound' ? failure : undefined;
  } catch {
    return undefined;
  }
}
