import { createHash, X509Certificate } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import type { AppCertificate, AppRegistration } from '../store/types.js';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Outcome of authenticating a client: ok, or the AADSTS code, OAuth error and HTTP status to answer. */
export type ClientAuthResult =
  { ok: true } | { ok: false; status: number; error: string; code: number; description: string };

/** Parses a PEM certificate into the thumbprints and key that client assertions are checked against. */
export function appCertificateFromPem(pem: string): AppCertificate {
  const cert = new X509Certificate(pem);
  return {
    thumbprintSha1: createHash('sha1').update(cert.raw).digest('base64url'),
    thumbprintSha256: createHash('sha256').update(cert.raw).digest('base64url'),
    publicKey: cert.publicKey,
  };
}

function fail(status: number, error: string, code: number, description: string): ClientAuthResult {
  return { ok: false, status, error, code, description: `AADSTS${code}: ${description}` };
}

/** Checks a client secret or a certificate-signed client assertion the way the token endpoint does. */
export async function authenticateClient(
  app: AppRegistration,
  form: URLSearchParams,
  tokenEndpoints: string[],
): Promise<ClientAuthResult> {
  const secret = form.get('client_secret');
  if (secret !== null) {
    return app.secrets.includes(secret)
      ? { ok: true }
      : fail(
          401,
          'invalid_client',
          7000215,
          `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.appId}'.`,
        );
  }
  const assertion = form.get('client_assertion');
  if (assertion === null || form.get('client_assertion_type') !== ASSERTION_TYPE) {
    return fail(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    return fail(401, 'invalid_client', 50027, 'JWT token is invalid or malformed.');
  }
  const x5t256 = header['x5t#S256'];
  const cert = app.certificates.find((c) =>
    typeof x5t256 === 'string' ? c.thumbprintSha256 === x5t256 : c.thumbprintSha1 === header.x5t,
  );
  if (!cert) {
    return fail(
      401,
      'invalid_client',
      700027,
      `Client assertion failed signature validation. The key was not found for app '${app.appId}'.`,
    );
  }
  try {
    const { payload } = await jwtVerify(assertion, cert.publicKey, {
      algorithms: ['RS256', 'PS256'],
      // Entra tolerates clock skew; MSAL also rounds iat/nbf to the nearest second, up as often as down.
      clockTolerance: 300,
    });
    if (payload.iss !== app.appId || payload.sub !== app.appId) {
      return fail(
        401,
        'invalid_client',
        700023,
        'Client assertion issuer and subject must be the client id.',
      );
    }
    if (typeof payload.aud !== 'string' || !tokenEndpoints.includes(payload.aud)) {
      return fail(
        401,
        'invalid_client',
        700021,
        'Client assertion audience claim does not match the token endpoint.',
      );
    }
    return { ok: true };
  } catch (err) {
    const expired = err instanceof Error && 'code' in err && err.code === 'ERR_JWT_EXPIRED';
    return expired
      ? fail(401, 'invalid_client', 700024, 'Client assertion is not within its valid time range.')
      : fail(401, 'invalid_client', 700027, 'Client assertion failed signature validation.');
  }
}
