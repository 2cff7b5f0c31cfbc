import 'reflect-metadata';
import { ClientCertificateCredential } from '@azure/identity';
import { randomUUID } from 'node:crypto';
import type { RunningSimulator } from '../../src/graph-sim/index.js';
import {
  CONTOSO,
  EMEA,
  graphClient,
  secretCredential,
  startDefaultSimulator,
  statusOf,
  tenantClient,
} from './sim-fixture.js';
import { selfSignedCertificatePem } from '../support/simulator.js';

/** A PEM bundle (private key + self-signed certificate), as a certificate credential reads it. */
async function selfSignedRsaPem(): Promise<string> {
  return (await selfSignedCertificatePem()).bundle;
}

describe('graph-sim identity platform', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startDefaultSimulator();
  });
  afterAll(() => sim.stop());

  it('issues a token for a client secret that Graph accepts', async () => {
    const org = (await tenantClient(sim, CONTOSO).api('/organization').get()) as {
      value: Array<{ id: string; displayName: string }>;
    };
    expect(org.value).toEqual([expect.objectContaining({ id: CONTOSO.tenantId, displayName: 'Contoso' })]);
  });

  it('accepts the verified domain in place of the tenant id', async () => {
    const cred = secretCredential(sim, 'emea.contoso.com', EMEA.clientId, EMEA.secret);
    const token = await cred.getToken('https://graph.microsoft.com/.default');
    const claims = JSON.parse(
      Buffer.from(token.token.split('.')[1] as string, 'base64url').toString(),
    ) as Record<string, unknown>;
    expect(claims).toMatchObject({
      tid: EMEA.tenantId,
      appid: EMEA.clientId,
      aud: 'https://graph.microsoft.com',
    });
    expect(claims['roles']).toContain('User.ReadWrite.All');
  });

  it('issues a token for a client assertion signed by a registered certificate', async () => {
    const pem = await selfSignedRsaPem();
    const certOnly = pem.slice(pem.indexOf('-----BEGIN CERTIFICATE-----'));
    const clientId = randomUUID();
    await sim.admin.addApp(CONTOSO.tenantId, {
      appId: clientId,
      displayName: 'cert-app',
      certificates: [certOnly],
      roles: ['User.Read.All'],
    });
    const cred = new ClientCertificateCredential(
      CONTOSO.tenantId,
      clientId,
      { certificate: pem },
      { authorityHost: sim.url, disableInstanceDiscovery: true },
    );
    const users = (await graphClient(sim, cred).api('/users').top(1).get()) as { value: unknown[] };
    expect(users.value).toHaveLength(1);
  });

  it('refuses an assertion signed by a certificate the app does not have', async () => {
    const registered = await selfSignedRsaPem();
    const other = await selfSignedRsaPem();
    const clientId = randomUUID();
    await sim.admin.addApp(CONTOSO.tenantId, {
      appId: clientId,
      displayName: 'cert-app-2',
      certificates: [registered.slice(registered.indexOf('-----BEGIN CERTIFICATE-----'))],
      roles: ['User.Read.All'],
    });
    const cred = new ClientCertificateCredential(
      CONTOSO.tenantId,
      clientId,
      { certificate: other },
      { authorityHost: sim.url, disableInstanceDiscovery: true },
    );
    await expect(cred.getToken('https://graph.microsoft.com/.default')).rejects.toThrow(/AADSTS700027/);
  });

  it('answers a wrong secret with AADSTS7000215 through the SDK', async () => {
    const cred = secretCredential(sim, CONTOSO.tenantId, CONTOSO.clientId, 'not-the-secret');
    await expect(cred.getToken('https://graph.microsoft.com/.default')).rejects.toThrow(/AADSTS7000215/);
  });

  it('answers an unknown client id with AADSTS700016', async () => {
    const cred = secretCredential(sim, CONTOSO.tenantId, randomUUID(), 'whatever');
    await expect(cred.getToken('https://graph.microsoft.com/.default')).rejects.toThrow(/AADSTS700016/);
  });

  it('answers an unknown tenant with AADSTS90002 at the token endpoint', async () => {
    const res = await fetch(`${sim.url}/${randomUUID()}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: CONTOSO.clientId,
        client_secret: 'x',
        scope: 'https://graph.microsoft.com/.default',
      }),
    });
    const body = (await res.json()) as { error: string; error_codes: number[]; error_description: string };
    expect(res.status).toBe(400);
    expect(body.error_codes).toEqual([90002]);
    expect(body.error_description).toMatch(/^AADSTS90002: Tenant '.*' not found/);
  });

  it('answers 403 Authorization_RequestDenied when the app lacks the role', async () => {
    const clientId = randomUUID();
    await sim.admin.addApp(CONTOSO.tenantId, {
      appId: clientId,
      displayName: 'org-only',
      secret: 's3',
      roles: ['Organization.Read.All'],
    });
    const client = graphClient(sim, secretCredential(sim, CONTOSO.tenantId, clientId, 's3'));
    const error = await client
      .api('/users')
      .get()
      .then(
        () => undefined,
        (err: unknown) => err as { statusCode: number; code: string; message: string; body: string },
      );
    expect(error).toMatchObject({
      statusCode: 403,
      code: 'Authorization_RequestDenied',
      message: 'Insufficient privileges to complete the operation.',
    });
    expect(await statusOf(client.api('/organization').get())).toBe(200);
  });

  it('rejects a request without a token with 401 and Graph’s error body, echoing client-request-id', async () => {
    const res = await fetch(`${sim.url}/v1.0/users`, { headers: { 'client-request-id': 'abc-123' } });
    const body = (await res.json()) as { error: { code: string; innerError: Record<string, string> } };
    expect(res.status).toBe(401);
    expect(body.error.code).toBe('InvalidAuthenticationToken');
    expect(body.error.innerError['client-request-id']).toBe('abc-123');
    expect(res.headers.get('client-request-id')).toBe('abc-123');
    expect(res.headers.get('request-id')).toBe(body.error.innerError['request-id']);
  });

  it('publishes an OpenID configuration with the endpoints MSAL needs', async () => {
    const res = await fetch(`${sim.url}/contoso.com/v2.0/.well-known/openid-configuration`);
    const config = (await res.json()) as Record<string, string>;
    expect(config).toMatchObject({
      issuer: `${sim.url}/${CONTOSO.tenantId}/v2.0`,
      token_endpoint: `${sim.url}/${CONTOSO.tenantId}/oauth2/v2.0/token`,
      jwks_uri: `${sim.url}/${CONTOSO.tenantId}/discovery/v2.0/keys`,
    });
    const keys = (await (await fetch(config['jwks_uri'] as string)).json()) as {
      keys: Array<{ kty: string }>;
    };
    expect(keys.keys[0]?.kty).toBe('RSA');
  });
});
