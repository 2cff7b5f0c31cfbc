import { TargetStore } from './target-index.js';
import type { TargetUserRecord } from './types.js';

const ANCHOR = 'onPremisesExtensionAttributes.extensionAttribute15';

const indexed = (users: TargetUserRecord[], anchor: string) => new TargetStore(anchor, users).lookup();

function record(id: string, attributes: Record<string, unknown>, extra: Partial<TargetUserRecord> = {}) {
  return { id, attributes, ...extra };
}

const anchored = (id: string, anchor: string, extra: Partial<TargetUserRecord> = {}) =>
  record(id, { onPremisesExtensionAttributes: { extensionAttribute15: anchor } }, extra);

describe('the index of a TargetStore', () => {
  it('indexes anchored users by anchor and by source tenant and object id', () => {
    const index = indexed([anchored('t1', 'tenantA:u1'), anchored('t2', 'tenantB:u1')], ANCHOR);
    expect([...index.bySource.keys()]).toEqual(['tenantA', 'tenantB']);
    expect(index.bySource.get('tenantA')?.get('u1')?.id).toBe('t1');
    expect(index.bySource.get('tenantB')?.get('u1')?.id).toBe('t2');
  });

  it.each([
    ['live then deleted', [anchored('live', 'a:u1'), anchored('dead', 'a:u1', { deleted: true })], 'live'],
    ['deleted then live', [anchored('dead', 'a:u1', { deleted: true }), anchored('live', 'a:u1')], 'live'],
    ['two live: the first stays', [anchored('first', 'a:u1'), anchored('second', 'a:u1')], 'first'],
  ])('keeps one user per anchor: %s', (_name, users, id) => {
    const index = indexed(users, ANCHOR);
    expect(index.bySource.get('a')?.get('u1')?.id).toBe(id);
  });

  it.each([
    ['an invited user', { mail: 'A@x.com', creationType: 'Invitation' }, true],
    ['an #EXT# user', { mail: 'a@x.com', userPrincipalName: 'a_x.com#EXT#@t.onmicrosoft.com' }, true],
    ['an ExternalAzureAD identity', { mail: 'a@x.com', identities: [{ issuer: 'ExternalAzureAD' }] }, true],
    ['an internal user', { mail: 'a@x.com', userPrincipalName: 'a@t.onmicrosoft.com' }, false],
    ['a user without mail', { creationType: 'Invitation' }, false],
  ])('offers %s for adoption by mail: %s', (_name, attributes, offered) => {
    const index = indexed([record('t', attributes)], ANCHOR);
    expect(index.byMail.get('a@x.com')?.id).toBe(offered ? 't' : undefined);
  });

  it('never offers anchored or soft-deleted users for adoption', () => {
    const index = indexed(
      [
        record('anchored', {
          mail: 'a@x.com',
          creationType: 'Invitation',
          onPremisesExtensionAttributes: { extensionAttribute15: 'a:u1' },
        }),
        record('deleted', { mail: 'b@x.com', creationType: 'Invitation' }, { deleted: true }),
      ],
      ANCHOR,
    );
    expect(index.byMail.size).toBe(0);
  });

  it('ignores anchors that name no source tenant', () => {
    const index = indexed([anchored('t1', 'no-colon'), anchored('t2', ':u1')], ANCHOR);
    expect(index.bySource.size).toBe(0);
    expect(index.byMail.size).toBe(0);
  });

  it('indexes the record as read, with its manager', () => {
    const user = anchored('t1', 'a:u1', { managerId: 't9' });
    const index = indexed([user], ANCHOR);
    expect(index.bySource.get('a')?.get('u1')).toBe(user);
    expect(index.bySource.get('a')?.get('u1')?.managerId).toBe('t9');
  });
});

describe('TargetStore', () => {
  const invited = (id: string, mail: string) => record(id, { mail, creationType: 'Invitation' });

  it('moves a user in the index when its anchor or mail changes', () => {
    const store = new TargetStore(ANCHOR, [invited('t1', 'a@x.com')]);
    expect(store.lookup().byMail.get('a@x.com')?.id).toBe('t1');
    // Adoption writes the anchor: the user leaves the adoption candidates.
    store.set(
      record('t1', { mail: 'a@x.com', onPremisesExtensionAttributes: { extensionAttribute15: 's:u1' } }),
    );
    expect(store.lookup().byMail.size).toBe(0);
    expect(store.lookup().bySource.get('s')?.get('u1')?.id).toBe('t1');
    store.set(anchored('t1', 's:u2'));
    expect([...(store.lookup().bySource.get('s')?.keys() ?? [])]).toEqual(['u2']);
  });

  it('drops a tenant once its last user is deleted', () => {
    const store = new TargetStore(ANCHOR, [anchored('t1', 's:u1'), anchored('t2', 'r:u1')]);
    store.delete('t1');
    expect([...store.lookup().bySource.keys()]).toEqual(['r']);
    expect(store.get('t1')).toBeUndefined();
    expect(store.size).toBe(1);
  });

  it('puts a shadowed user with the same anchor in place when the indexed one goes, live first', () => {
    const store = new TargetStore(ANCHOR, [
      anchored('first', 's:u1'),
      anchored('dead', 's:u1', { deleted: true }),
      anchored('second', 's:u1'),
    ]);
    const indexed = () => store.lookup().bySource.get('s')?.get('u1')?.id;
    expect(indexed()).toBe('first');
    store.delete('first');
    expect(indexed()).toBe('second');
    store.delete('second');
    expect(indexed()).toBe('dead');
    store.set(anchored('dead', 's:u1'));
    expect(store.lookup().bySource.get('s')?.get('u1')?.deleted).toBeFalsy();
    store.delete('dead');
    expect(store.lookup().bySource.size).toBe(0);
  });

  it('lets a restored user win over a soft-deleted one with the same anchor', () => {
    const store = new TargetStore(ANCHOR, [
      anchored('old', 's:u1', { deleted: true }),
      anchored('new', 's:u1', { deleted: true }),
    ]);
    store.set(anchored('new', 's:u1'));
    expect(store.lookup().bySource.get('s')?.get('u1')?.id).toBe('new');
    store.delete('new');
    expect(store.lookup().bySource.get('s')?.get('u1')?.id).toBe('old');
  });

  it('copies itself so that changes to the copy stay there', () => {
    const store = new TargetStore(ANCHOR, [anchored('t1', 's:u1')]);
    const copy = store.clone();
    copy.delete('t1');
    expect(store.lookup().bySource.get('s')?.get('u1')?.id).toBe('t1');
    expect(copy.lookup().bySource.size).toBe(0);
  });

  it('indexes records whose anchor is split off their attributes like those that still hold it', () => {
    const split = { id: 't1', attributes: {}, anchorTenant: 's', anchorSourceId: 'u1' };
    const store = new TargetStore(ANCHOR, [split, anchored('t2', 's:u2'), anchored('t3', 'other:u3')]);
    expect(store.lookup().bySource.get('s')?.get('u1')).toBe(split);
    expect([...store.values()].map((r) => store.sourceIdOf(r, 's'))).toEqual(['u1', 'u2', undefined]);
    store.delete('t1');
    expect(store.lookup().bySource.get('s')?.has('u1')).toBe(false);
  });
});
