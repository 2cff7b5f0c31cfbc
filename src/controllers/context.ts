import type { Logger } from 'winston';
import type { InformerSource } from '../kube/cache.js';
import type { KubeClients } from '../kube/client.js';
import type { EventRecorder } from '../kube/events.js';
import type { ControllerName } from './shared/names.js';
import type { TenantClients } from './shared/tenant-clients.js';
import type { Clock } from '../time/clock.js';

/**
 * What every controller shares: API clients, the process's informers (watches and cached reads of
 * references), the event recorder, Graph clients per TenantLink, the logger.
 */
export interface OperatorContext {
  clients: KubeClients;
  informers: InformerSource;
  events: EventRecorder;
  tenants: TenantClients;
  logger: Logger;
  /** The one seam for time: controllers read the time through it, so their tests set it. */
  clock: Clock;
  /** Namespaces the operator acts in; undefined means all namespaces. */
  watchNamespaces?: string[];
}

/** Settings every controller takes from the command line. */
export interface ControllerSettings {
  /** `--concurrency`: reconciles one controller runs at once (controller-runtime's MaxConcurrentReconciles). */
  maxConcurrentReconciles: number;
  /** `--concurrency NAME=N`: what some controllers run at once instead. */
  controllerConcurrency?: Partial<Record<ControllerName, number>>;
  /** How often a TenantLink signs in again to re-check its credentials and permissions. */
  tenantLinkRecheckMs?: number;
}

/**
 * The namespace a controller's informers should be limited to: the one watched namespace, or undefined
 * (all namespaces) when none or several are watched; with several, reconciles filter with `isWatched`.
 */
export function informerNamespace(ctx: Pick<OperatorContext, 'watchNamespaces'>): string | undefined {
  const namespaces = ctx.watchNamespaces;
  return namespaces?.length === 1 ? namespaces[0] : undefined;
}

/** Whether the operator acts on objects in `namespace`. */
export function isWatched(
  ctx: Pick<OperatorContext, 'watchNamespaces'>,
  namespace: string | undefined,
): boolean {
  const namespaces = ctx.watchNamespaces;
  return namespaces === undefined || namespaces.length === 0 || namespaces.includes(namespace ?? '');
}
