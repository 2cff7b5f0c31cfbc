import type { KubernetesObject } from '@kubernetes/client-node';
import type { Controller } from '../kube/controller.js';
import type { ControllerSettings, OperatorContext } from './context.js';
import type { ControllerName } from './shared/names.js';
import { CONTROLLER_NAMES } from './shared/names.js';
import { createAccessPackagePolicyController } from './access-package-policy/controller.js';
import { createLifecycleWorkflowController } from './lifecycle-workflow/controller.js';
import { createReviewScheduleController } from './review-schedule/controller.js';
import { createAttributeMappingController } from './attribute-mapping/controller.js';
import { createSyncScopeController } from './sync-scope/controller.js';
import { createTenantLinkController } from './tenant-link/controller.js';
import { createTenantRelationshipController } from './tenant-relationship/controller.js';

export type { ControllerSettings, OperatorContext } from './context.js';
export { informerNamespace, isWatched } from './context.js';
export { TenantClients } from './shared/tenant-clients.js';
export type { TenantConnectResult, TenantConnection } from './shared/tenant-clients.js';

const FACTORIES: Record<
  ControllerName,
  (ctx: OperatorContext, settings: ControllerSettings) => Controller<KubernetesObject>
> = {
  tenantlink: createTenantLinkController,
  tenantrelationship: createTenantRelationshipController,
  attributemapping: createAttributeMappingController,
  syncscope: createSyncScopeController,
  accesspackagepolicy: createAccessPackagePolicyController,
  reviewschedule: createReviewScheduleController,
  lifecycleworkflow: createLifecycleWorkflowController,
};

/**
 * Reconciles run at once, at least, by controllers whose reconciles mostly wait on a tenant: one tenant that
 * hangs or is down must not hold up the SyncScopes and TenantLinks of the others. `--concurrency NAME=N`
 * sets them exactly.
 */
export const MIN_CONCURRENCY: Partial<Record<ControllerName, number>> = { syncscope: 4, tenantlink: 4 };

/** Every controller the operator runs, sharing one context, each with its own MaxConcurrentReconciles. */
export function createControllers(
  ctx: OperatorContext,
  options: ControllerSettings,
): Controller<KubernetesObject>[] {
  return CONTROLLER_NAMES.map((name) =>
    FACTORIES[name](ctx, {
      ...options,
      maxConcurrentReconciles:
        options.controllerConcurrency?.[name] ??
        Math.max(MIN_CONCURRENCY[name] ?? 1, options.maxConcurrentReconciles),
    }),
  );
}
