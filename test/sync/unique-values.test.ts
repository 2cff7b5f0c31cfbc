// SelectUniqueValue against the target tenant, through the simulator: a candidate a Contoso user already
// holds (in another case) is passed over for the next one.
import { compileMapping } from '../../src/sync/mapping/compile.js';
import { useSimulator } from '../support/simulator.js';
import { CONTOSO, EMEA, anchoredUsers, clientFor, emeaGroupEngine, groupId, userId } from './engine.js';

const sim = useSimulator();

it('gives each created user the first mailNickname no target user holds', async () => {
  const source = clientFor(sim(), EMEA);
  const target = clientFor(sim(), CONTOSO);
  const megan = await userId(target, 'megan.bowen@contoso.com');
  await target.send('PATCH', `/users/${megan}`, { mailNickname: 'zoë' });
  const compiled = compileMapping({
    includeDefaults: true,
    mappings: [
      {
        target: 'mailNickname',
        expression: 'SelectUniqueValue([givenName], Join(".", [givenName], [surname]))',
        apply: 'OnCreate',
      },
    ],
  });
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
  const group = await groupId(source, 'Sync to Contoso');
  const engine = emeaGroupEngine(source, target, group, { mapping: compiled.mapping });
  expect((await engine.cycle()).done.created).toBe(20);

  const synced = await anchoredUsers(target, EMEA.tenantId);
  const nickname = async (upn: string) => {
    const id = synced.get(await userId(source, upn))?.id as string;
    return (await target.get<{ mailNickname?: string }>(`/users/${id}?$select=mailNickname`)).mailNickname;
  };
  expect(await nickname('zoe.dubois@emea.contoso.com')).toBe('Zoë.Dubois');
  expect(await nickname('jurgen.weiss@emea.contoso.com')).toBe('Jürgen');
});
