import type { RunningSimulator } from '../../src/graph-sim/index.js';
import { graphClient, secretCredential, startDefaultSimulator } from './sim-fixture.js';

const FABRIKAM = 'a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d';
const APP = 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e';

const seed = `
tenants:
  - id: ${FABRIKAM}
    displayName: Fabrikam
    domains: [fabrikam.com]
    apps:
      - appId: ${APP}
        displayName: operator
        secret: fabrikam-demo-secret
        roles: [User.Read.All]
    users:
      - userPrincipalName: åsa.berg@fabrikam.com
        displayName: Åsa Berg
        department: Sales
`;

describe('graph-sim admin API', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startDefaultSimulator();
  });
  afterAll(() => sim.stop());

  it('seeds a new tenant from YAML whose app can then sign in and read', async () => {
    const [tenant] = await sim.admin.seed(seed);
    expect(tenant).toMatchObject({ id: FABRIKAM, users: 1, domains: ['fabrikam.com'] });
    const client = graphClient(sim, secretCredential(sim, FABRIKAM, APP, 'fabrikam-demo-secret'));
    const users = (await client.api('/users').select('displayName').get()) as {
      value: Array<{ displayName: string }>;
    };
    expect(users.value.map((u) => u.displayName)).toEqual(['Åsa Berg']);
  });

  it('generates synthetic users in bulk', async () => {
    expect(await sim.admin.generateUsers(FABRIKAM, 500, 'gen')).toBe(501);
  });

  it('refuses a seed with an unknown user property', async () => {
    const bad = seed
      .replace('department: Sales', 'shoeSize: 42')
      .replace(FABRIKAM, 'c0c0c0c0-0000-4000-8000-000000000001');
    await expect(sim.admin.seed(bad)).rejects.toThrow(/shoeSize/);
  });

  it('refuses realism switches it does not know', async () => {
    await expect(sim.admin.setRealism(FABRIKAM, { lag: 5 } as never)).rejects.toThrow(
      /unknown realism switch/,
    );
  });

  it('resets to no tenants', async () => {
    await sim.admin.reset();
    expect(await sim.admin.tenants()).toEqual([]);
  });
});
