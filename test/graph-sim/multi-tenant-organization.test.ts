import type { RunningSimulator } from '../../src/graph-sim/index.js';
import { CONTOSO, startDefaultSimulator, tenantClient } from './sim-fixture.js';

describe('graph-sim multitenant organization', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startDefaultSimulator();
  });
  afterAll(() => sim.stop());

  it('answers a tenant in no organization with 200, state inactive, null names and no id', async () => {
    const contoso = tenantClient(sim, CONTOSO);
    const organization = (await contoso.api('/tenantRelationships/multiTenantOrganization').get()) as Record<
      string,
      unknown
    >;
    expect(organization).toMatchObject({
      createdDateTime: null,
      displayName: null,
      description: null,
      state: 'inactive',
    });
    expect(organization).not.toHaveProperty('id');
  });
});
