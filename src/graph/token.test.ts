import type { TokenCredential } from '@azure/identity';
import { UnsecuredJWT } from 'jose';
import { acquireToken, classifyTokenError, decodeTokenClaims } from './token.js';

const MSAL_INVALID_SECRET =
  "invalid_client: Error(s): 7000215 - Timestamp: 2026-11-28 05:00:00Z - Description: AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app 'c0ffee'. Trace ID: 1111 Correlation ID: 2222 Timestamp: 2026-11-28 05:00:00Z - Correlation ID: 2222 - Trace ID: 1111";

function named(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

describe('classifyTokenError', () => {
  it('keeps the AADSTS code and the sentence a user can act on', () => {
    const failure = classifyTokenError(named('AuthenticationRequiredError', MSAL_INVALID_SECRET));
    expect(failure).toEqual({
      reason: 'CredentialsInvalid',
      code: 'AADSTS7000215',
      message:
        "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app 'c0ffee'.",
    });
  });

  it('calls an unknown tenant not found, a configuration error rather than an outage', () => {
    const failure = classifyTokenError(
      named('AuthenticationRequiredError', "AADSTS90002: Tenant 'nope' not found. Trace ID: 1"),
    );
    expect(failure.reason).toBe('TenantNotFound');
    expect(failure.message).toMatch(/check spec\.tenantId/);
    expect(failure.code).toBe('AADSTS90002');
  });

  it('calls a network failure on the authority unreachable', () => {
    const err = named(
      'CredentialUnavailableError',
      'endpoints_resolution_error: Endpoints cannot be resolved',
    );
    expect(classifyTokenError(err)).toMatchObject({ reason: 'TenantUnreachable' });
    expect(
      classifyTokenError(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') })),
    ).toMatchObject({
      reason: 'TenantUnreachable',
    });
  });

  it('never repeats the secret, even when an error echoes it', () => {
    const failure = classifyTokenError(
      named('AuthenticationError', 'bad request body client_secret=s3cr3t-v@lue'),
      ['s3cr3t-v@lue'],
    );
    expect(failure.reason).toBe('CredentialsInvalid');
    expect(failure.message).not.toContain('s3cr3t-v@lue');
    expect(failure.message).toContain('[redacted]');
  });
});

describe('decodeTokenClaims', () => {
  it('reads roles, tenant, app and expiry without verifying the signature', () => {
    const token = new UnsecuredJWT({ roles: ['User.Read.All', 'User.Invite.All'], tid: 't1', appid: 'a1' })
      .setExpirationTime(1_900_000_000)
      .encode();
    expect(decodeTokenClaims(token)).toEqual({
      roles: ['User.Read.All', 'User.Invite.All'],
      tid: 't1',
      appid: 'a1',
      exp: 1_900_000_000,
    });
  });

  it('reports no roles when the app was granted none', () => {
    const token = new UnsecuredJWT({ tid: 't1', azp: 'a2' }).encode();
    expect(decodeTokenClaims(token)).toMatchObject({ roles: [], appid: 'a2' });
  });
});

describe('acquireToken', () => {
  it('returns the failure as a value instead of throwing', async () => {
    const credential: TokenCredential = {
      getToken: () => Promise.reject(named('AuthenticationRequiredError', MSAL_INVALID_SECRET)),
    };
    const result = await acquireToken(credential, 'https://graph.microsoft.com/.default');
    expect(result).toMatchObject({
      ok: false,
      failure: { reason: 'CredentialsInvalid', code: 'AADSTS7000215' },
    });
  });
});
