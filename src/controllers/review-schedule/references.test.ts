import type { KubernetesObject } from '@kubernetes/client-node';
import type { ReviewSchedule } from '../../api/index.js';
import type { ResourceKind } from '../../kube/client.js';
import type { InformerSource } from '../../kube/cache.js';
import type { OperatorContext } from '../context.js';
import { resolveReviewReferences } from './references.js';

/** Shared informers holding the given objects, by plural. */
function informers(objects: Record<string, KubernetesObject[]>): Pick<OperatorContext, 'informers'> {
  const lister = (kind: ResourceKind) => {
    const items = objects[kind.plural] ?? [];
    return {
      get: (namespace: string | undefined, name: string) =>
        items.find((o) => o.metadata?.namespace === namespace && o.metadata?.name === name),
      list: (namespace?: string) => items.filter((o) => o.metadata?.namespace === namespace),
      hasSynced: () => true,
    };
  };
  return { informers: { lister, informer: lister } as unknown as InformerSource };
}

const schedule = (scope: Partial<ReviewSchedule['spec']['scope']>): ReviewSchedule =>
  ({
    metadata: { namespace: 'ns', name: 'quarterly' },
    spec: { tenantLinkRef: 'contoso', scope: { principals: 'All', ...scope } },
  }) as unknown as ReviewSchedule;

const packagePolicy = (status?: object) => ({
  metadata: { namespace: 'ns', name: 'sales' },
  spec: { policies: [] },
  ...(status ? { status } : {}),
});

describe('resolveReviewReferences', () => {
  it('stalls with ReferenceNotFound when the AccessPackagePolicy does not exist', () => {
    const resolved = resolveReviewReferences(informers({}), schedule({ accessPackagePolicyRef: 'sales' }));
    expect(resolved).toEqual({
      ok: false,
      readiness: expect.objectContaining({ state: 'stalled', reason: 'ReferenceNotFound' }),
    });
  });

  it('waits with DependencyNotReady until the AccessPackagePolicy has its package id', () => {
    const ctx = informers({ accesspackagepolicies: [packagePolicy()] });
    expect(resolveReviewReferences(ctx, schedule({ accessPackagePolicyRef: 'sales' }))).toEqual({
      ok: false,
      readiness: expect.objectContaining({ state: 'notReady', reason: 'DependencyNotReady' }),
    });
  });

  it("resolves the package and its policies' ids", () => {
    const ctx = informers({
      accesspackagepolicies: [
        packagePolicy({ accessPackageId: 'ap-1', policies: [{ name: 'a', id: 'p-1' }] }),
      ],
    });
    expect(resolveReviewReferences(ctx, schedule({ accessPackagePolicyRef: 'sales' }))).toEqual({
      ok: true,
      context: { accessPackage: { id: 'ap-1', policyIds: ['p-1'] } },
    });
  });

  it('names the syncedFrom TenantLinks that do not exist', () => {
    const ctx = informers({
      tenantlinks: [
        { metadata: { namespace: 'ns', name: 'emea' }, spec: { tenantId: 't' } } as KubernetesObject,
      ],
    });
    const resolved = resolveReviewReferences(
      ctx,
      schedule({ principals: 'SyncedFrom', syncedFrom: ['emea', 'apac'] }),
    );
    expect(resolved).toEqual({
      ok: false,
      readiness: expect.objectContaining({
        reason: 'ReferenceNotFound',
        message: expect.stringContaining('apac'),
      }),
    });
  });
});
