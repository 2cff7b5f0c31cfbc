import { GRAPH_CONTRACT, matchContract } from './index.js';

describe('matchContract', () => {
  it.each<[string, string, string | undefined]>([
    ['GET', '/v1.0/users/delta?$select=id,mail', 'users.delta'],
    ['GET', '/v1.0/users/delta?$deltatoken=abc', 'users.delta'],
    ['GET', '/v1.0/users/0b5f1b7e-2a3c-4d5e-8f90-1a2b3c4d5e6f?$select=id', 'users.get'],
    ['GET', '/v1.0/users/ada%40emea.contoso.com', 'users.get'],
    ['PATCH', '/v1.0/users/0b5f1b7e-2a3c-4d5e-8f90-1a2b3c4d5e6f', 'users.update'],
    ['GET', '/groups/delta?$select=members', 'groups.delta'],
    [
      'GET',
      '/v1.0/groups/0b5f1b7e-2a3c-4d5e-8f90-1a2b3c4d5e6f/members?$select=id&$top=999&$skiptoken=x',
      'groups.members',
    ],
    ['POST', '/v1.0/$batch', 'batch'],
    ['POST', '/v1.0/groups/0b5f1b7e-2a3c-4d5e-8f90-1a2b3c4d5e6f/members/$ref', 'groups.members.add'],
    [
      'DELETE',
      '/v1.0/groups/0b5f1b7e-2a3c-4d5e-8f90-1a2b3c4d5e6f/members/1a2b3c4d-2a3c-4d5e-8f90-1a2b3c4d5e6f/$ref',
      'groups.members.remove',
    ],
    ['POST', '/v1.0/groups', 'groups.create'],
    ['DELETE', '/v1.0/groups/0b5f1b7e-2a3c-4d5e-8f90-1a2b3c4d5e6f', 'groups.delete'],
    ['PUT', '/v1.0/users/0b5f1b7e-2a3c-4d5e-8f90-1a2b3c4d5e6f/manager/$ref', 'users.manager.set'],
    [
      'POST',
      '/v1.0/identityGovernance/lifecycleWorkflows/workflows/0b5f1b7e-2a3c-4d5e-8f90-1a2b3c4d5e6f/createNewVersion',
      'workflows.createNewVersion',
    ],
    // not in the contract: an unknown path, a method the path does not allow, a query option not listed
    // a placeholder stands for an object id or UPN, not for a word such as delta
    ['GET', '/v1.0/users/deltas', undefined],
    ['GET', '/v1.0/applications', undefined],
    ['DELETE', '/v1.0/organization', undefined],
    ['GET', '/v1.0/users/delta?$filter=id eq 1', undefined],
    ['PATCH', '/v1.0/users/0b5f1b7e-2a3c-4d5e-8f90-1a2b3c4d5e6f/b', undefined],
  ])('%s %s -> %s', (method, url, id) => {
    expect(matchContract(GRAPH_CONTRACT, method, url)?.id).toBe(id);
  });

  it('has unique ids and one documentation page per entry', () => {
    expect(new Set(GRAPH_CONTRACT.map((e) => e.id)).size).toBe(GRAPH_CONTRACT.length);
    for (const entry of GRAPH_CONTRACT)
      expect(entry.doc).toMatch(/^https:\/\/learn\.microsoft\.com\/graph\//);
  });
});
