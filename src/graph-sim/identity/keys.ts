import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK } from 'jose';

export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
const TOKEN_LIFETIME_S = 3599;

/** Claims of a simulator access token that Graph acts on. */
export interface AccessClaims {
  tid: string;
  appid: string;
  roles: string[];
  /** Expiry in seconds since the epoch (wall clock: MSAL caches tokens by wall time). */
  exp: number;
}

/** Why a token was refused, in Graph's words. */
export type TokenCheck = { ok: true; claims: AccessClaims } | { ok: false; message: string };

/** The simulator's token signing key and its JWKS; a new key each start, like a key rollover. */
export class SigningKeys {
  private readonly verified = new Map<string, AccessClaims>();

  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    readonly jwk: JWK,
  ) {}

  /** Generates an RS256 key pair. */
  static async create(): Promise<SigningKeys> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: randomUUID(), use: 'sig', alg: 'RS256' };
    return new SigningKeys(privateKey, publicKey, jwk);
  }

  /** Issues an app-only access token for Graph. */
  async issue(tid: string, appid: string, roles: string[]): Promise<{ token: string; expiresIn: number }> {
    const token = await new SignJWT({ tid, appid, azp: appid, roles, idtyp: 'app', ver: '1.0', oid: appid })
      .setProtectedHeader({ alg: 'RS256', kid: this.jwk.kid as string, typ: 'JWT' })
      .setIssuer(`https://sts.windows.net/${tid}/`)
      .setAudience(GRAPH_AUDIENCE)
      .setIssuedAt()
      .setNotBefore('0s')
      .setJti(randomUUID())
      .setExpirationTime(`${TOKEN_LIFETIME_S}s`)
      .sign(this.privateKey);
    return { token, expiresIn: TOKEN_LIFETIME_S };
  }

  /** Validates signature, audience and expiry; results are cached because Graph calls repeat a token. */
  async check(token: string): Promise<TokenCheck> {
    const cached = this.verified.get(token);
    if (cached) {
      return cached.exp * 1000 > Date.now()
        ? { ok: true, claims: cached }
        : { ok: false, message: 'Lifetime validation failed, the token is expired.' };
    }
    try {
      const { payload } = await jwtVerify(token, this.publicKey, { algorithms: ['RS256'] });
      if (payload.aud !== GRAPH_AUDIENCE)
        return { ok: false, message: 'Access token validation failure. Invalid audience.' };
      const claims: AccessClaims = {
        tid: String(payload['tid']),
        appid: String(payload['appid']),
        roles: Array.isArray(payload['roles']) ? payload['roles'].map(String) : [],
        exp: Number(payload.exp),
      };
      if (this.verified.size > 10_000) this.verified.clear();
      this.verified.set(token, claims);
      return { ok: true, claims };
    } catch (err) {
      const expired = err instanceof Error && 'code' in err && err.code === 'ERR_JWT_EXPIRED';
      return {
        ok: false,
        message: expired
          ? 'Lifetime validation failed, the token is expired.'
          : 'Access token validation failure.',
      };
    }
  }
}
