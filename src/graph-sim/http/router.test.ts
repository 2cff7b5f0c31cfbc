import { Router } from './router.js';

describe('Router', () => {
  const router = new Router<string>()
    .add('GET', '/users/:id', 'user')
    .add('GET', '/users/delta', 'delta')
    .add('PUT', '/users/:id/manager/$ref', 'manager');

  it('prefers literal segments over captures whatever the order of registration', () => {
    expect(router.match('GET', '/users/delta')).toEqual({ handler: 'delta', params: {} });
    expect(router.match('GET', '/users/abc')).toEqual({ handler: 'user', params: { id: 'abc' } });
  });

  it('decodes captured segments', () => {
    expect(router.match('PUT', '/users/a_b.com%23EXT%23%40c.com/manager/$ref')).toEqual({
      handler: 'manager',
      params: { id: 'a_b.com#EXT#@c.com' },
    });
  });

  it('tells a wrong method from an unknown path', () => {
    expect(router.match('DELETE', '/users/abc')).toEqual({ methodNotAllowed: true });
    expect(router.match('GET', '/nothing/here')).toBeUndefined();
  });
});
