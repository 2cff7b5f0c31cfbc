import { estimateCost, estimateRequestCost } from './cost.js';

describe('estimateCost', () => {
  it.each([
    ['GET', 'https://graph.microsoft.com/v1.0/users', 2, 0],
    ['GET', '/users?$select=id,displayName', 1, 0],
    ['GET', '/users/delta?$select=id', 1, 0],
    ['GET', '/users/abc', 1, 0],
    ['GET', '/users/abc?$select=id', 1, 0],
    ['GET', '/groups/g1/members', 3, 0],
    ['GET', '/groups/g1/members?$select=id&$top=10', 1, 0],
    ['GET', '/groups/g1/transitiveMembers', 5, 0],
    ['GET', '/groups/g1/transitiveMembers?$expand=manager', 6, 0],
    ['GET', '/users?$top=999', 2, 0],
    ['POST', '/directoryObjects/getByIds', 5, 0],
    ['POST', '/invitations', 1, 1],
    ['PATCH', '/users/abc', 1, 1],
    ['PUT', '/users/abc/manager/$ref', 1, 1],
    ['DELETE', '/directory/deletedItems/abc', 1, 1],
  ])('%s %s costs %p units and %p writes', (method, url, resourceUnits, writes) => {
    expect(estimateCost(method, url)).toEqual({ resourceUnits, writes });
  });
});

describe('estimateRequestCost', () => {
  it('charges a $batch what its inner requests cost', () => {
    const body = JSON.stringify({
      requests: [
        {
          id: '1',
          method: 'PATCH',
          url: '/users/a',
          body: {},
          headers: { 'Content-Type': 'application/json' },
        },
        { id: '2', method: 'GET', url: '/groups/g/members' },
        {
          id: '3',
          method: 'POST',
          url: '/invitations',
          body: {},
          headers: { 'Content-Type': 'application/json' },
        },
      ],
    });
    expect(estimateRequestCost('POST', 'https://graph.microsoft.com/v1.0/$batch', body)).toEqual({
      resourceUnits: 5,
      writes: 2,
    });
  });
});
