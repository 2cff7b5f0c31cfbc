import { ValuePool } from './value-pool.js';

// Strings are shared too, but sharing a string is not observable from JavaScript: the benchmark's
// memory figures show it. These tests pin down what can be seen: shared structures and values kept.

describe('ValuePool', () => {
  it('returns strings unchanged', () => {
    const pool = new ValuePool();
    expect(pool.share('department', 'Sales')).toBe('Sales');
    expect(pool.share('department', 'Sales')).toBe('Sales');
  });

  it('shares small arrays and objects by content and freezes them', () => {
    const pool = new ValuePool();
    const identities = pool.share('identities', [{ signInType: 'userPrincipalName', issuer: 'a.com' }]);
    const again = pool.share('identities', [{ signInType: 'userPrincipalName', issuer: 'a.com' }]);
    expect(again).toBe(identities);
    expect(Object.isFrozen(identities)).toBe(true);
    expect(Object.isFrozen(identities[0])).toBe(true);
    expect(pool.share('businessPhones', [])).toBe(pool.share('businessPhones', []));
  });

  it('keeps attributes apart and passes numbers, booleans and null through', () => {
    const pool = new ValuePool();
    const phones = pool.share('businessPhones', ['+33 1']);
    expect(pool.share('mobilePhones', ['+33 1'])).not.toBe(phones);
    expect(pool.share('accountEnabled', true)).toBe(true);
    expect(pool.share('age', 7)).toBe(7);
    expect(pool.share('state', null)).toBeNull();
  });

  it('stops remembering an attribute after 10,000 distinct values, and never shares large structures', () => {
    const pool = new ValuePool();
    for (let i = 0; i < 10_000; i++) pool.share('otherMails', [`user${i}@a.com`]);
    const late = ['late@a.com'];
    expect(pool.share('otherMails', late)).toBe(late);
    expect(pool.share('otherMails', ['late@a.com'])).not.toBe(late);
    expect(Object.isFrozen(late)).toBe(false);
    const big = { text: 'x'.repeat(300) };
    expect(pool.share('blob', big)).toBe(big);
    expect(pool.share('blob', { text: 'x'.repeat(300) })).not.toBe(big);
  });
});
