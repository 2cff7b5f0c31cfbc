import type { KubernetesObject } from '@kubernetes/client-node';
import type { Controller } from '../kube/controller.js';
import type { ControllerSettings, OperatorContext } from './context.js';
import { createAccessPackagePolicyController } from './access-package-policy.js';
import { createLifecycleWorkflowController } from './lifecycle-workflow.js';
import { createReviewScheduleController } from './review-schedule.js';
import { createAttributeMappingController } from './attribute-mapping.js';
import { createSyncScopeController } from './sync-scope.js';
import { createTenantLinkController } from './tenant-link.js';

export type { ControllerSettings, OperatorContext } from './context.js';
export { informerNamespace, isWatched } from './context.js';
export { TenantClients } from './tenant-clients.js';
export type { TenantConnectResult, TenantConnection } from './tenant-clients.js';

/** Every controller the operator runs, sharing one context. */
export function createControllers(
  ctx: OperatorContext,
  options: ControllerSettings,
): Controller<KubernetesObject>[] {
  return [
    createTenantLinkController(ctx, options),
    createAttributeMappingController(ctx, options),
    createSyncScopeController(ctx, options),
    createAccessPackagePolicyController(ctx, options),
    createReviewScheduleController(ctx, options),
    createLifecycleWorkflowController(ctx, options),
  ] as Controller<KubernetesObject>[];
}
