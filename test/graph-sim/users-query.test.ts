import { PageIterator, type PageCollection } from '@microsoft/microsoft-graph-client';
import type { RunningSimulator } from '../../src/graph-sim/index.js';
import { EMEA, startDefaultSimulator, tenantClient, US } from './sim-fixture.js';

interface User {
  id: string;
  userPrincipalName?: string;
  department?: string | null;
  [key: string]: unknown;
}

describe('graph-sim user queries', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startDefaultSimulator();
    await sim.admin.generateUsers(US.tenantId, 250, 'synthetic');
  });
  afterAll(() => sim.stop());

  it('pages /users with @odata.nextLink until the end', async () => {
    const client = tenantClient(sim, US);
    const first = (await client.api('/users').top(100).get()) as PageCollection;
    expect(first.value).toHaveLength(100);
    expect(first['@odata.nextLink']).toMatch(new RegExp(`^${sim.url}/v1.0/users\\?.*\\$skiptoken=`));
    const ids: string[] = [];
    await new PageIterator(client, first, (u: User) => {
      ids.push(u.id);
      return true;
    }).iterate();
    const total = (await sim.admin.tenants()).find((t) => t.id === US.tenantId)?.users;
    expect(ids).toHaveLength(total as number);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('refuses $top above 999', async () => {
    await expect(tenantClient(sim, US).api('/users').top(1000).get()).rejects.toMatchObject({
      statusCode: 400,
    });
  });

  it('returns Graph’s default properties without $select and only the selected ones with it', async () => {
    const client = tenantClient(sim, EMEA);
    const plain = (await client.api('/users').top(1).get()) as { value: User[] };
    expect(Object.keys(plain.value[0] as User).sort()).toEqual(
      [
        'businessPhones',
        'displayName',
        'givenName',
        'id',
        'jobTitle',
        'mail',
        'mobilePhone',
        'officeLocation',
        'preferredLanguage',
        'surname',
        'userPrincipalName',
      ].sort(),
    );
    expect(plain.value[0]).not.toHaveProperty('department');
    const selected = (await client
      .api('/users')
      .select(['department', 'employeeHireDate', 'externalUserState'])
      .top(1)
      .get()) as { value: User[] };
    expect(Object.keys(selected.value[0] as User).sort()).toEqual([
      'department',
      'employeeHireDate',
      'externalUserState',
      'id',
    ]);
  });

  it('answers 400 to $select of a property the user type lacks', async () => {
    await expect(tenantClient(sim, EMEA).api('/users').select('shoeSize').get()).rejects.toMatchObject({
      statusCode: 400,
    });
  });

  it('filters with eq and startsWith', async () => {
    const client = tenantClient(sim, EMEA);
    const sales = (await client
      .api('/users')
      .filter("department eq 'Sales'")
      .select(['department', 'userType'])
      .get()) as { value: User[] };
    expect(sales.value.length).toBeGreaterThan(5);
    expect(sales.value.every((u) => u.department === 'Sales')).toBe(true);
    const z = (await client
      .api('/users')
      .filter("startsWith(displayName,'Zo')")
      .select('displayName')
      .get()) as { value: User[] };
    expect(z.value.map((u) => u['displayName'])).toEqual(['Zoë Dubois']);
  });

  it('answers 400 to an advanced filter without ConsistencyLevel and accepts it with $count', async () => {
    const client = tenantClient(sim, EMEA);
    await expect(client.api('/users').filter("userType ne 'Guest'").get()).rejects.toMatchObject({
      statusCode: 400,
      code: 'Request_UnsupportedQuery',
    });
    const members = (await client
      .api('/users')
      .header('ConsistencyLevel', 'eventual')
      .filter("userType ne 'Guest'")
      .count(true)
      .select('userType')
      .get()) as { value: User[]; '@odata.count': number };
    expect(members['@odata.count']).toBe(members.value.length);
    expect(members.value.every((u) => u['userType'] === 'Member')).toBe(true);
  });

  it('answers 400 to $count without ConsistencyLevel', async () => {
    await expect(tenantClient(sim, EMEA).api('/users').count(true).get()).rejects.toMatchObject({
      statusCode: 400,
    });
  });

  it('gets a user by UPN with its manager expanded', async () => {
    const user = (await tenantClient(sim, EMEA)
      .api('/users/jurgen.weiss@emea.contoso.com')
      .select(['displayName', 'department'])
      .expand('manager')
      .get()) as User & { manager: User };
    expect(user.displayName).toBe('Jürgen Weiß');
    expect(user.manager.displayName).toBe('Zoë Dubois');
  });
});
