import { shardKeyOf } from './shard-keys.js';

const obj = (name: string, spec: Record<string, unknown>) => ({ metadata: { namespace: 'ns', name }, spec });

describe('shardKeyOf', () => {
  it('keeps the SyncScopes of one tenant pair together and tells pairs apart', () => {
    const a = shardKeyOf(
      'syncscope',
      obj('a', { source: { tenantLinkRef: 'emea' }, target: { tenantLinkRef: 'contoso' } }),
    );
    const b = shardKeyOf(
      'syncscope',
      obj('b', { source: { tenantLinkRef: 'emea' }, target: { tenantLinkRef: 'contoso' } }),
    );
    const c = shardKeyOf(
      'syncscope',
      obj('c', { source: { tenantLinkRef: 'us' }, target: { tenantLinkRef: 'contoso' } }),
    );
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('keeps the governance objects of a tenant with its TenantLink', () => {
    const link = shardKeyOf('tenantlink', obj('contoso', {}));
    for (const controller of ['accesspackagepolicy', 'reviewschedule', 'lifecycleworkflow'])
      expect(shardKeyOf(controller, obj('x', { tenantLinkRef: 'contoso' }))).toBe(link);
  });

  it('keys other objects by their own name, per namespace', () => {
    expect(shardKeyOf('attributemapping', obj('m', {}))).not.toBe(
      shardKeyOf('attributemapping', obj('n', {})),
    );
    expect(shardKeyOf('tenantrelationship', obj('r', {}))).not.toBe(
      shardKeyOf('tenantrelationship', { metadata: { namespace: 'other', name: 'r' } }),
    );
  });
});
