import type { TenantLink } from '../../api/index.js';
import { GraphRequestError, type GraphClient } from '../../graph/index.js';
import type { TokenResult } from '../../graph/token.js';
import type { TenantConnectResult } from '../shared/tenant-clients.js';
import { fakeOperator, resource, type FakeResource } from '../../../test/support/kind-controller.js';
import { observe } from './observe.js';

const SECRET = 's3cr3t-value';

function link(suspend = false): TenantLink {
  return resource('TenantLink', 'emea', {
    tenantId: 'tenant-emea',
    credentials: { clientId: 'app-1', clientSecretRef: { name: 'emea', key: 'secret' } },
    suspend,
  });
}

const ORGANIZATION = {
  value: [
    {
      id: 'tenant-emea',
      displayName: 'Contoso EMEA',
      verifiedDomains: [{ name: 'emea.contoso.com', isDefault: true }],
    },
  ],
};
const signedIn = (roles: string[]): TokenResult => ({
  ok: true,
  token: SECRET,
  expiresOn: new Date(0),
  claims: { roles, tid: 'tenant-emea', appid: 'app-1', exp: 0 },
});
const graphError = (status: number, code: string) =>
  new GraphRequestError({ status, code, message: 'refused', requestId: 'req-9' });

/** A client whose sign-in gives `token` and whose GET /organization answers `organization` or throws it. */
function client(token: TokenResult, organization: object | Error = ORGANIZATION): GraphClient {
  return {
    tenantId: 'tenant-emea',
    acquireToken: () => Promise.resolve(token),
    get: () => (organization instanceof Error ? Promise.reject(organization) : Promise.resolve(organization)),
  } as unknown as GraphClient;
}

/** The SyncScope that reads its users from EMEA: the link must allow reading users. */
const fromEmea: FakeResource = {
  metadata: { namespace: 'team', name: 'emea-to-contoso' },
  spec: {
    source: { tenantLinkRef: 'emea' },
    target: { tenantLinkRef: 'contoso' },
    scope: { allUsers: true },
  },
};

function observing(opened: TenantConnectResult | GraphClient, suspend = false) {
  const opens: unknown[] = [];
  const result = 'ok' in opened ? opened : { ok: true as const, connection: { client: opened } };
  const { ctx, log } = fakeOperator(link(suspend), {
    cache: { SyncScope: [fromEmea] },
    tenants: {
      open: (...args: unknown[]) => {
        opens.push(args[1]);
        return Promise.resolve(result as TenantConnectResult);
      },
    },
  });
  return { observed: observe(ctx, link(suspend), log), opens };
}

describe('TenantLink observe', () => {
  it('does not open a suspended link', async () => {
    const t = observing(client(signedIn([])), true);
    await expect(t.observed).resolves.toEqual({ kind: 'suspended' });
    expect(t.opens).toEqual([]);
  });

  it('signs in with a fresh client, reads the organization and finds the permissions its users lack', async () => {
    const t = observing(client(signedIn(['Organization.Read.All'])));
    const observed = await t.observed;
    expect(t.opens).toEqual([{ fresh: true }]);
    expect(observed).toMatchObject({
      kind: 'connected',
      clientId: 'app-1',
      displayName: 'Contoso EMEA',
      defaultDomain: 'emea.contoso.com',
      granted: ['Organization.Read.All'],
    });
    expect(observed.kind === 'connected' && observed.permissions.missing).toContain('User.Read.All');
  });

  it('reports a missing Secret as the link could not be opened', async () => {
    const t = observing({ ok: false, reason: 'SecretNotFound', message: 'Secret team/emea does not exist' });
    await expect(t.observed).resolves.toEqual({
      kind: 'failed',
      reason: 'SecretNotFound',
      message: 'Secret team/emea does not exist',
    });
  });

  it('reports a refused sign-in as the identity platform explains it', async () => {
    const refused: TokenResult = {
      ok: false,
      failure: {
        reason: 'CredentialsInvalid',
        code: 'AADSTS7000215',
        message: 'AADSTS7000215: invalid secret',
      },
    };
    await expect(observing(client(refused)).observed).resolves.toEqual({
      kind: 'failed',
      reason: 'CredentialsInvalid',
      message: 'AADSTS7000215: invalid secret',
    });
  });

  it('stays connected when /organization is forbidden, so the permission check names what is missing', async () => {
    const observed = await observing(client(signedIn([]), graphError(403, 'Authorization_RequestDenied')))
      .observed;
    expect(observed).toMatchObject({ kind: 'connected', granted: [] });
    expect(observed).not.toHaveProperty('displayName');
    expect(observed.kind === 'connected' && observed.permissions.missing).toContain('Organization.Read.All');
  });

  it('reports another Graph failure with its request id, and never the token', async () => {
    const observed = await observing(client(signedIn([]), graphError(503, 'ServiceUnavailable'))).observed;
    expect(observed).toEqual({
      kind: 'failed',
      reason: 'TenantUnreachable',
      message: 'Graph answered 503: ServiceUnavailable: refused (request-id req-9)',
    });
    expect(JSON.stringify(observed)).not.toContain(SECRET);
  });
});
