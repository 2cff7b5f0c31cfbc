import { parseExpand } from './query.js';

describe('parseExpand', () => {
  it.each([
    ['target', [['target', '']]],
    [
      'roles,scopes',
      [
        ['roles', ''],
        ['scopes', ''],
      ],
    ],
    ['resourceRoleScopes($expand=role,scope)', [['resourcerolescopes', 'role,scope']]],
    [
      'resourceRoleScopes($select=id;$expand=role),catalog',
      [
        ['resourcerolescopes', 'role'],
        ['catalog', ''],
      ],
    ],
  ])('reads %s', (text, expected) => {
    expect([...parseExpand(text)]).toEqual(expected);
  });
});
