import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startSimulator, type RunningSimulator } from '../../src/graph-sim/index.js';
import { getOrganization, GraphRequestError, listUsers, userPages } from '../../src/graph/index.js';
import { CONTOSO, graphRequests, simClient } from './fixture.js';

/** A self-signed certificate and its key in one PEM, as a TenantLink's certificate Secret holds them. */
function selfSignedPem(): string {
  const dir = mkdtempSync(join(tmpdir(), 'graph-cert-'));
  try {
    const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=operator-test'].concat([
        '-days',
        '1',
        '-keyout',
        key,
        '-out',
        cert,
      ]),
      { stdio: 'ignore' },
    );
    return `${readFileSync(key, 'utf8')}${readFileSync(cert, 'utf8')}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('Graph client against the simulator', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(() => sim.stop());

  it('gets a token whose claims name the tenant, the app and its permissions', async () => {
    const result = await simClient(sim, CONTOSO).acquireToken();
    if (!result.ok) throw new Error(result.failure.message);
    expect(result.claims.tid).toBe(CONTOSO.tenantId);
    expect(result.claims.appid).toBe(CONTOSO.clientId);
    expect(result.claims.roles).toEqual(
      expect.arrayContaining(['User.ReadWrite.All', 'Organization.Read.All']),
    );
    expect(result.expiresOn.getTime()).toBeGreaterThan(Date.now());
  });

  it('reads the organization: display name and default domain', async () => {
    const org = await getOrganization(simClient(sim, CONTOSO));
    expect(org).toMatchObject({
      id: CONTOSO.tenantId,
      displayName: 'Contoso',
      defaultDomain: CONTOSO.domain,
    });
  });

  it('signs in with a certificate', async () => {
    const pem = selfSignedPem();
    const clientId = randomUUID();
    await sim.admin.addApp(CONTOSO.tenantId, {
      appId: clientId,
      displayName: 'cert-app',
      certificates: [pem.slice(pem.indexOf('-----BEGIN CERTIFICATE-----'))],
      roles: ['Organization.Read.All'],
    });
    const client = simClient(sim, { ...CONTOSO, clientId }, { credential: { kind: 'certificate', pem } });
    const token = await client.acquireToken();
    expect(token).toMatchObject({ ok: true, claims: { appid: clientId, roles: ['Organization.Read.All'] } });
    expect((await getOrganization(client)).displayName).toBe('Contoso');
  });

  it('reports a missing workload identity token file as CredentialsInvalid', async () => {
    const client = simClient(sim, CONTOSO, {
      credential: { kind: 'workloadIdentity', tokenFilePath: join(tmpdir(), `absent-${randomUUID()}`) },
    });
    expect(await client.acquireToken()).toMatchObject({
      ok: false,
      failure: { reason: 'CredentialsInvalid' },
    });
  });

  it('reports a wrong secret as CredentialsInvalid with the AADSTS code and without the secret', async () => {
    const wrongSecret = 'not-the-contoso-secret-42';
    const client = simClient(sim, { ...CONTOSO, secret: wrongSecret });
    const token = await client.acquireToken();
    expect(token).toMatchObject({
      ok: false,
      failure: { reason: 'CredentialsInvalid', code: 'AADSTS7000215' },
    });
    expect(JSON.stringify(token)).not.toContain(wrongSecret);

    const failure = await getOrganization(client).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(GraphRequestError);
    const info = (failure as GraphRequestError).info;
    expect(info).toMatchObject({ status: 0, code: 'CredentialsInvalid', aadsts: 'AADSTS7000215' });
    expect(info.message).toMatch(/^AADSTS7000215: /);
    expect(JSON.stringify(info)).not.toContain(wrongSecret);
  });

  it('follows nextLinks to the last page', async () => {
    const [contoso] = (await sim.admin.tenants()).filter((t) => t.id === CONTOSO.tenantId);
    const client = simClient(sim, CONTOSO);
    await sim.admin.clearRequests();
    const users = await listUsers(client, { select: ['id', 'userPrincipalName'], top: 2 });
    expect(users).toHaveLength(contoso!.users);
    expect(new Set(users.map((u) => u.id)).size).toBe(users.length);
    const pageSizes: number[] = [];
    for await (const page of userPages(client, { select: ['id'], top: 2 })) pageSizes.push(page.value.length);
    expect(pageSizes).toHaveLength(Math.ceil(contoso!.users / 2));
    const log = await graphRequests(sim, CONTOSO.tenantId);
    expect(log.filter((e) => e.path.startsWith('/users?')).length).toBe(2 * pageSizes.length);
  });

  it('filters with $filter, and with advanced operators under ConsistencyLevel: eventual', async () => {
    const client = simClient(sim, CONTOSO);
    const select = ['id', 'department', 'mail'];
    const sales = await listUsers(client, { select, filter: "department eq 'Sales'" });
    expect(sales.length).toBeGreaterThan(0);
    expect(sales.every((u) => u.department === 'Sales')).toBe(true);
    const notSales = await listUsers(client, { select, filter: "department ne 'Sales'", advanced: true });
    const all = await listUsers(client, { select });
    expect(notSales.length + sales.length).toBe(all.length);
  });

  it('counts the requests of a tracked piece of work', async () => {
    const client = simClient(sim, CONTOSO);
    const { result, stats } = await client.track(() => listUsers(client, { select: ['id'], top: 3 }));
    expect(stats).toEqual({ requests: Math.ceil(result.length / 3), throttled: 0 });
  });
});
