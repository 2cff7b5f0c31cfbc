import type { KubernetesObject } from '@kubernetes/client-node';
import { objectKey } from '../../kube/client.js';
import type { LinkUse } from './permissions.js';
import { specOf } from './watches.js';

/** The kinds whose resources use TenantLinks, with the link names each one refers to. */
export const KINDS_USING_LINKS: {
  kind: LinkUse['kind'];
  refs: (spec: Record<string, unknown>) => unknown[];
}[] = [
  {
    kind: 'SyncScope',
    refs: (spec) => [field(spec.source, 'tenantLinkRef'), field(spec.target, 'tenantLinkRef')],
  },
  { kind: 'AccessPackagePolicy', refs: (spec) => [spec.tenantLinkRef] },
  { kind: 'ReviewSchedule', refs: (spec) => [spec.tenantLinkRef] },
  { kind: 'LifecycleWorkflow', refs: (spec) => [spec.tenantLinkRef] },
  { kind: 'TenantRelationship', refs: relationshipLinks },
];

/** The TenantLinks a TenantRelationship's pairs and organization name. */
function relationshipLinks(spec: Record<string, unknown>): unknown[] {
  const pairs = Array.isArray(spec.pairs) ? (spec.pairs as unknown[]) : [];
  const organization = spec.multiTenantOrganization;
  const members = field(organization, 'members');
  return [
    ...pairs.flatMap((pair) => [field(pair, 'source'), field(pair, 'target')]),
    field(organization, 'owner'),
    ...(Array.isArray(members) ? (members as unknown[]) : []),
  ];
}

/** A property of an object, or undefined when `value` is not one. */
function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/** Maps a changed resource that uses TenantLinks to the keys of the TenantLinks to check again. */
export type LinkUseTracker = (kind: LinkUse['kind'], obj: KubernetesObject) => string[];

/**
 * Status writes of SyncScopes and the rest arrive every cycle; only a change of the links they use (or of
 * what they need from them) is worth a new sign-in, for the links used before and after the change. A
 * deletion looks like a status write here and is seen at the next periodic check.
 */
export function trackLinkUses(): LinkUseTracker {
  const seen = new Map<string, { fingerprint: string; links: string[] }>();
  return (kind, obj) => {
    const spec = specOf(obj);
    const refs = KINDS_USING_LINKS.find((using) => using.kind === kind)?.refs ?? (() => []);
    const fingerprint = JSON.stringify([
      spec.source,
      spec.target,
      spec.tenantLinkRef,
      spec.scope,
      spec.resources,
      spec.onDeny,
      spec.pairs,
      spec.multiTenantOrganization,
    ]);
    const key = `${kind}/${objectKey(obj.metadata)}`;
    const previous = seen.get(key);
    if (previous?.fingerprint === fingerprint) return [];
    const links = refs(spec)
      .filter((ref): ref is string => typeof ref === 'string')
      .map((ref) => objectKey({ namespace: obj.metadata?.namespace ?? '', name: ref }));
    seen.set(key, { fingerprint, links });
    return [...new Set([...(previous?.links ?? []), ...links])];
  };
}
