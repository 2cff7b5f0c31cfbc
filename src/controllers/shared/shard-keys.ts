import type { KubernetesObject } from '@kubernetes/client-node';
import type { ControllerName } from './names.js';

type Spec = {
  source?: { tenantLinkRef?: string };
  target?: { tenantLinkRef?: string };
  tenantLinkRef?: string;
};

/**
 * The key by which sharding places an object: objects with one key are always reconciled by the same replica.
 * - A SyncScope goes by its tenant pair (source and target TenantLink), so the SyncScopes of one pair (split by
 *   groups, say) stay together, and the pairs spread over the replicas: six sources into two targets are
 *   twelve keys, not two.
 * - The governance objects of a tenant (access packages, reviews, workflows) go by their TenantLink, with the
 *   TenantLink itself: one replica writes a tenant's governance and checks its link.
 * - A TenantRelationship and an AttributeMapping go by their own name.
 * Keys are per namespace, as references are.
 */
export function shardKeyOf(controller: string, obj: KubernetesObject): string {
  const namespace = obj.metadata?.namespace ?? '';
  const name = obj.metadata?.name ?? '';
  const spec = ((obj as { spec?: Spec }).spec ?? {}) as Spec;
  switch (controller as ControllerName) {
    case 'syncscope':
      return `${namespace}/pair/${spec.source?.tenantLinkRef ?? ''}/${spec.target?.tenantLinkRef ?? ''}`;
    case 'tenantlink':
      return `${namespace}/tenant/${name}`;
    case 'accesspackagepolicy':
    case 'reviewschedule':
    case 'lifecycleworkflow':
      return `${namespace}/tenant/${spec.tenantLinkRef ?? ''}`;
    case 'tenantrelationship':
      return `${namespace}/relationship/${name}`;
    case 'attributemapping':
      return `${namespace}/mapping/${name}`;
    default:
      return `${namespace}/${controller}/${name}`;
  }
}
