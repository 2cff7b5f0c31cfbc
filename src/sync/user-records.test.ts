import type { GraphUser } from '../graph/index.js';
import { mergeSource, targetRecordMaker, toSourceUser } from './user-records.js';
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

  it('cuts a nested object to the paths read and keeps top-level properties whole', () => {
    const make = targetRecordMaker({ paths: [ANCHOR, 'department'], anchorAttribute: ANCHOR });
    const record = make(graphUser('t1', { onPremisesExtensionAttributes: extensions('s:u1') }), true);
    expect(record).toEqual({
      id: 't1',
      deleted: true,
      managerId: 'boss',
      attributes: {
        id: 't1',
        department: 'Sales',
        identities: [{ signInType: 'userPrincipalName', issuer: 'emea.contoso.com' }],
        onPremisesExtensionAttributes: { extensionAttribute15: 's:u1' },
      },
    });
  });

  it('keeps a nested object whole when a mapping targets it as a whole', () => {
    const make = targetRecordMaker({
      paths: [ANCHOR, 'onPremisesExtensionAttributes'],
      anchorAttribute: ANCHOR,
    });
    const record = make(graphUser('t1', { onPremisesExtensionAttributes: extensions('s:u1') }), false);
    expect(record.attributes['onPremisesExtensionAttributes']).toEqual(extensions('s:u1'));
  });
});
