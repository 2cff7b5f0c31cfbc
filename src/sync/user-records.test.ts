import type { GraphUser } from '../graph/index.js';
import { mergeSource, mergeTarget, targetRecordMaker, toSourceUser } from './user-records.js';
import { ValuePool } from './value-pool.js';

const ANCHOR = 'onPremisesExtensionAttributes.extensionAttribute15';
// Equal objects that are not the same, as JSON.parse gives each user.
const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

const graphUser = (id: string, extra: Record<string, unknown> = {}): GraphUser => ({
  id,
  department: 'Sales',
  identities: [{ signInType: 'userPrincipalName', issuer: 'emea.contoso.com', issuerAssignedId: `${id}@x` }],
  'manager@delta': [{ id: 'boss' }],
  ...extra,
});

describe('toSourceUser', () => {
  it('keeps the properties read, the manager id, and identities without the per-user id', () => {
    expect(toSourceUser(graphUser('u1', { state: null }))).toEqual({
      id: 'u1',
      attributes: {
        id: 'u1',
        department: 'Sales',
        state: null,
        identities: [{ signInType: 'userPrincipalName', issuer: 'emea.contoso.com' }],
      },
      managerId: 'boss',
    });
  });

  it('shares equal values between users through the pool', () => {
    const pool = new ValuePool();
    const a = toSourceUser(copy(graphUser('u1')), pool);
    const b = toSourceUser(copy(graphUser('u2')), pool);
    expect(b.attributes['identities']).toBe(a.attributes['identities']);
  });

  it('merges a delta item over what was known: a null clears, absent keeps', () => {
    const before = toSourceUser(graphUser('u1', { city: 'Paris' }));
    const after = toSourceUser({ id: 'u1', department: null });
    expect(mergeSource(before, after)).toEqual({
      id: 'u1',
      attributes: { ...before.attributes, department: null },
      managerId: 'boss',
    });
  });
});

describe('targetRecordMaker', () => {
  const extensions = (anchor: string) => ({
    extensionAttribute1: 'one',
    extensionAttribute15: anchor,
  });

  it('splits the anchor off the attributes, cuts nested objects to the paths read, keeps top-level properties whole', () => {
    const make = targetRecordMaker({ paths: [ANCHOR, 'department'], anchorAttribute: ANCHOR });
    const record = make(graphUser('t1', { onPremisesExtensionAttributes: extensions('s:u1') }), true);
    expect(record).toEqual({
      id: 't1',
      deleted: true,
      managerId: 'boss',
      anchorTenant: 's',
      anchorSourceId: 'u1',
      attributes: {
        id: 't1',
        department: 'Sales',
        identities: [{ signInType: 'userPrincipalName', issuer: 'emea.contoso.com' }],
      },
    });
  });

  it("keeps the anchor's nested object for the other keys mapped into it", () => {
    const paths = [ANCHOR, 'onPremisesExtensionAttributes.extensionAttribute1'];
    const make = targetRecordMaker({ paths, anchorAttribute: ANCHOR });
    const record = make(graphUser('t1', { onPremisesExtensionAttributes: extensions('s:u1') }), false);
    expect(record.attributes['onPremisesExtensionAttributes']).toEqual({ extensionAttribute1: 'one' });
    expect([record.anchorTenant, record.anchorSourceId]).toEqual(['s', 'u1']);
  });

  it('leaves the anchor in the attributes when a mapping targets it, so that its value is compared', () => {
    const make = targetRecordMaker({ paths: [ANCHOR, ANCHOR], anchorAttribute: ANCHOR });
    const record = make(graphUser('t1', { onPremisesExtensionAttributes: extensions('s:u1') }), false);
    expect(record.attributes['onPremisesExtensionAttributes']).toEqual({ extensionAttribute15: 's:u1' });
    expect(record.anchorTenant).toBeUndefined();
  });

  it('leaves an anchor that names no source user in the attributes', () => {
    const make = targetRecordMaker({ paths: [ANCHOR], anchorAttribute: ANCHOR });
    for (const anchor of ['no-colon', ':u1', 's:']) {
      const record = make(graphUser('t1', { onPremisesExtensionAttributes: extensions(anchor) }), false);
      expect(record.anchorTenant).toBeNull();
      expect(record.attributes['onPremisesExtensionAttributes']).toEqual({ extensionAttribute15: anchor });
    }
  });

  it('keeps the anchor over a delta item without its property, and drops it when the item clears it', () => {
    const make = targetRecordMaker({ paths: [ANCHOR, 'department'], anchorAttribute: ANCHOR });
    const before = make(graphUser('t1', { onPremisesExtensionAttributes: extensions('s:u1') }), false);
    const renamed = mergeTarget(before, make({ id: 't1', department: 'Legal' }, false));
    expect([renamed.anchorTenant, renamed.anchorSourceId, renamed.attributes['department']]).toEqual([
      's',
      'u1',
      'Legal',
    ]);
    const cleared = make({ id: 't1', onPremisesExtensionAttributes: { extensionAttribute15: null } }, false);
    expect(mergeTarget(before, cleared).anchorTenant).toBeNull();
  });

  it('keeps a nested object whole when a mapping targets it as a whole', () => {
    const make = targetRecordMaker({
      paths: [ANCHOR, 'onPremisesExtensionAttributes'],
      anchorAttribute: ANCHOR,
    });
    const record = make(graphUser('t1', { onPremisesExtensionAttributes: extensions('s:u1') }), false);
    expect(record.attributes['onPremisesExtensionAttributes']).toEqual(extensions('s:u1'));
  });

  it('drops the name used only to match adoption candidates once a user is anchored, unless it is mapped', () => {
    const upn = 'adele_emea.contoso.com#EXT#@contoso.com';
    const user = (anchor?: string) =>
      graphUser('t1', { userPrincipalName: upn, onPremisesExtensionAttributes: extensions(anchor ?? '') });
    const make = targetRecordMaker({ paths: [ANCHOR], anchorAttribute: ANCHOR });
    expect(make(user('s:u1'), false).attributes['userPrincipalName']).toBeUndefined();
    expect(make(user(), false).attributes['userPrincipalName']).toBe(upn);
    const mapped = targetRecordMaker({ paths: [ANCHOR, 'userPrincipalName'], anchorAttribute: ANCHOR });
    expect(mapped(user('s:u1'), false).attributes['userPrincipalName']).toBe(upn);
  });
});
