import { GRAPH_CONTRACT, matchContract } from './index.js';

describe('matchContract', () => {
  it.each<[string, string, string | undefined]>([
    ['GET', '/v1.0/users/delta?$select=id,mail', 'users.delta'],
    ['GET', '/v1.0/users/delta?$deltatoken=abc', 'users.delta'],
    ['GET', '/v1.0/users/0b5f1b7e?$select=id', 'users.get'],
    ['PATCH', '/v1.0/users/0b5f1b7e', 'users.update'],
    ['GET', '/groups/delta?$select=members', 'groups.delta'],
    ['GET', '/v1.0/groups/abc/members?$select=id&$top=999&$skiptoken=x', 'groups.members'],
    ['POST', '/v1.0/$batch', 'batch'],
    ['PUT', '/v1.0/users/a/manager/$ref', 'users.manager.set'],
    [
      'POST',
      '/v1.0/identityGovernance/lifecycleWorkflows/workflows/w/createNewVersion',
      'workflows.createNewVersion',
    ],
    // not in the contract: an unknown path, a method the path does not allow, a query option not listed
    ['GET', '/v1.0/applications', undefined],
    ['DELETE', '/v1.0/organization', undefined],
    ['GET', '/v1.0/users/delta?$filter=id eq 1', undefined],
    ['PATCH', '/v1.0/users/a/b', undefined],
  ])('%s %s -> %s', (method, url, id) => {
    expect(matchContract(GRAPH_CONTRACT, method, url)?.id).toBe(id);
  });

  it('has unique ids and one documentation page per entry', () => {
    expect(new Set(GRAPH_CONTRACT.map((e) => e.id)).size).toBe(GRAPH_CONTRACT.length);
    for (const entry of GRAPH_CONTRACT)
      expect(entry.doc).toMatch(/^https:\/\/learn\.microsoft\.com\/graph\//);
  });
});
