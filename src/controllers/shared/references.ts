// Cached reads of the crosstenant.io resources a controller refers to, from the process's shared informers.
import type { KindName, KindObject } from '../../api/index.js';
import { RESOURCES } from '../../api/index.js';
import type { CachedLister } from '../../kube/cache.js';
import type { OperatorContext } from '../context.js';

/** Cached get and list of the resources of `kind`. */
export function cached<K extends KindName>(
  ctx: Pick<OperatorContext, 'informers'>,
  kind: K,
): CachedLister<KindObject<K>> {
  return ctx.informers.lister<KindObject<K>>(RESOURCES[kind]);
}
