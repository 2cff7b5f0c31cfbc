import type { RunningSimulator } from '../../src/graph-sim/index.js';
import {
  CONTOSO,
  graphClient,
  secretCredential,
  startDefaultSimulator,
  statusOf,
  tenantClient,
} from './sim-fixture.js';

const APP_ID = '22222222-3333-4444-8555-666666666666';

describe('graph-sim user delete permissions', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startDefaultSimulator();
  });
  afterAll(() => sim.stop());

  it('refuses DELETE /users/{id} to an app holding only User.DeleteRestore.All, which may still restore', async () => {
    const contoso = tenantClient(sim, CONTOSO);
    const user = (await contoso.api('/users').post({
      accountEnabled: true,
      displayName: 'Leaver',
      mailNickname: 'leaver',
      userPrincipalName: 'leaver@contoso.com',
      passwordProfile: { forceChangePasswordNextSignIn: true, password: 'Sim-Only-Pa55!' },
    })) as { id: string };
    await sim.admin.addApp(CONTOSO.tenantId, {
      appId: APP_ID,
      displayName: 'restorer',
      secret: 'd',
      roles: ['User.DeleteRestore.All'],
    });
    const restorer = graphClient(sim, secretCredential(sim, CONTOSO.tenantId, APP_ID, 'd'));
    await expect(restorer.api(`/users/${user.id}`).delete()).rejects.toMatchObject({
      statusCode: 403,
      code: 'Authorization_RequestDenied',
    });
    await contoso.api(`/users/${user.id}`).delete();
    expect(await statusOf(restorer.api(`/directory/deletedItems/${user.id}/restore`).post({}))).toBe(200);
  });
});
