// A controller on the shared reconcile: one per kind, updates that change only status ignored, and changes
// in the resources it refers to requeueing the resources that refer to them.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { ReasonKind } from '../../api/index.js';
import type { Controller } from '../../kube/controller.js';
import { createController } from '../../kube/controller.js';
import { loggerFor } from '../../observability/logger.js';
import type { ControllerSettings, OperatorContext } from '../context.js';
import { informerNamespace } from '../context.js';
import type { ControllerName } from './names.js';
import type { ReconciledKind, ReconciledResource } from './reconcile.js';
import { reconcileResource } from './reconcile.js';
import type { PrimaryLister, Referred } from './watches.js';
import { requeueReferrers } from './watches.js';

/** Creates the controller `name` of `kind`, watching what it refers to. */
export function createKindController<
  K extends ReasonKind,
  S extends object,
  T extends ReconciledResource<S> & KubernetesObject,
>(
  ctx: OperatorContext,
  settings: ControllerSettings,
  name: ControllerName,
  kind: ReconciledKind<K, S, T>,
  referred: readonly Referred<T>[] = [],
): Controller<T> {
  const primaries: PrimaryLister<T> = {};
  const controller = createController<T>({
    name,
    kind: kind.resource,
    clients: ctx.clients,
    cache: ctx.informers,
    namespace: informerNamespace(ctx),
    logger: loggerFor({ controller: name }, ctx.logger),
    maxConcurrentReconciles: settings.maxConcurrentReconciles,
    ignoreStatusOnlyUpdates: true,
    watches: referred.map((r) => requeueReferrers(r.kind, primaries, r.fingerprint, r.refers)),
    reconcile: (key, obj, { log }) => reconcileResource(ctx, kind, key, obj, log),
  });
  primaries.lister = controller.lister;
  return controller;
}
