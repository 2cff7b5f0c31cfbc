// How the SyncScope kind is addressed: its API resource, its finalizer, the subject of its Events, and the
// removal of the annotations the operator answers.
import type { SyncScope } from '../../api/index.js';
import { RESOURCES } from '../../api/index.js';
import { mergePatch } from '../../kube/client.js';
import type { EventSubject } from '../../kube/events.js';
import type { OperatorContext } from '../context.js';

/** The SyncScope kind as the API addresses it. */
export const SYNC_SCOPE_KIND = RESOURCES.SyncScope;

/** Soft-deletes the users a SyncScope created when it is deleted with deletionPolicy Delete. */
export const SYNC_SCOPE_FINALIZER = 'crosstenant.io/syncscope-users';

/** The SyncScope as the subject of an Event. */
export function eventSubject(scope: SyncScope): EventSubject {
  return { apiVersion: SYNC_SCOPE_KIND.apiVersion, kind: SYNC_SCOPE_KIND.kind, metadata: scope.metadata };
}

/** Removes an annotation the operator answers (a request), so that it can be set again. */
export async function removeAnnotation(
  ctx: Pick<OperatorContext, 'clients'>,
  scope: SyncScope,
  annotation: string,
): Promise<void> {
  const { namespace = '', name = '' } = scope.metadata;
  await ctx.clients.customObjects.patchNamespacedCustomObject(
    { ...SYNC_SCOPE_KIND, namespace, name, body: { metadata: { annotations: { [annotation]: null } } } },
    mergePatch,
  );
}
