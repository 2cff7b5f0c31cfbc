import type { KubernetesObject } from '@kubernetes/client-node';
import { withTimeout } from '../cancellation.js';
import type { Clock } from '../../time/clock.js';
import type { KubeClients, ResourceKind } from '../client.js';
import { isConflict, isNotFound, mergePatch } from '../client.js';
import { SHARD_LABEL } from './labels.js';

/**
 * Names `shard` as the owner of `obj` with a merge patch carrying the resourceVersion it was decided on:
 * false when the object changed since (another replica moved it first, or it was written) or is gone, so
 * the caller decides again on what it is now. Other errors are thrown.
 */
export async function writeShardLabel(
  clients: Pick<KubeClients, 'customObjects'>,
  kind: ResourceKind,
  obj: KubernetesObject,
  shard: string,
  clock: Clock,
): Promise<boolean> {
  const { group, version, plural } = kind;
  const metadata = { labels: { [SHARD_LABEL]: shard }, resourceVersion: obj.metadata?.resourceVersion };
  try {
    await withTimeout(clock, 5_000, () =>
      clients.customObjects.patchNamespacedCustomObject(
        {
          group,
          version,
          plural,
          namespace: obj.metadata?.namespace ?? '',
          name: obj.metadata?.name ?? '',
          body: { metadata },
        },
        mergePatch,
      ),
    );
    return true;
  } catch (err) {
    if (isConflict(err) || isNotFound(err)) return false;
    throw err;
  }
}
