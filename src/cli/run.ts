import { KubeConfig } from '@kubernetes/client-node';
import { existsSync, readFileSync } from 'node:fs';
import type { Logger } from 'winston';
import { createControllers, informerNamespace, TenantClients } from '../controllers/index.js';
import type { OperatorContext } from '../controllers/index.js';
import { InformerCache } from '../kube/cache.js';
import { createKubeClients, loadKubeConfig } from '../kube/client.js';
import { EventRecorder } from '../kube/events.js';
import { Manager } from '../kube/manager.js';
import { shardKeyOf } from '../controllers/shared/shard-keys.js';
import { logger } from '../observability/logger.js';
import { realClock } from '../time/clock.js';
import type { RunOptions } from './flags.js';
import { UsageError } from './flags.js';

const SERVICE_ACCOUNT_NAMESPACE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/** The namespace the pod runs in, read from its service-account mount; undefined outside a cluster. */
export function podNamespaceFromServiceAccount(): string | undefined {
  try {
    return readFileSync(SERVICE_ACCOUNT_NAMESPACE, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function kubeConfigFor(options: RunOptions): KubeConfig {
  if (options.kubeconfig === undefined) return loadKubeConfig();
  if (!existsSync(options.kubeconfig))
    throw new UsageError(`--kubeconfig: ${options.kubeconfig} does not exist`);
  const config = new KubeConfig();
  config.loadFromFile(options.kubeconfig);
  return config;
}

/**
 * Runs the operator until SIGTERM or SIGINT (exit code 0 after in-flight reconciles finish and the lease is
 * released) or until leadership is lost (exit code 1, so the pod restarts clean as controller-runtime's does).
 */
export async function runOperator(options: RunOptions, log: Logger = logger): Promise<number> {
  log.level = options.logLevel;
  const clients = createKubeClients(kubeConfigFor(options));
  const scope = options.watchNamespaces ? { watchNamespaces: options.watchNamespaces } : {};
  const informers = new InformerCache(clients, { namespace: informerNamespace(scope), logger: log });
  const tenants = new TenantClients({
    clients,
    informers,
    ...(options.watchNamespaces ? { namespaces: options.watchNamespaces } : {}),
  });
  const ctx: OperatorContext = {
    clients,
    informers,
    events: new EventRecorder({ clients, component: 'crosstenant-operator', logger: log }),
    tenants,
    logger: log,
    clock: realClock,
    ...scope,
  };
  const controllers = createControllers(ctx, {
    maxConcurrentReconciles: options.concurrency,
    controllerConcurrency: options.controllerConcurrency,
  });
  const manager = new Manager({
    clients,
    controllers,
    cache: informers,
    ...(options.leaderElect
      ? {
          leaderElection: { leaseName: options.leaderElectionId, namespace: options.leaderElectionNamespace },
        }
      : {}),
    ...(options.sharding
      ? {
          sharding: {
            clients,
            namespace: options.leaderElectionNamespace,
            ring: options.leaderElectionId,
            shard: options.shardName,
            keyOf: shardKeyOf,
            logger: log,
          },
        }
      : {}),
    metricsBindAddress: options.metricsBindAddress,
    probeBindAddress: options.healthProbeBindAddress,
    logger: log,
  });

  let stopRequested = false;
  let signalled: () => void = () => undefined;
  // A Secret cache that never syncs (e.g. a 403) must not hold a requested shutdown for start()'s timeout.
  const stopSignal = new Promise<void>((resolve) => (signalled = resolve));
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopRequested) {
      log.warn('second signal: exiting without waiting', { signal });
      process.exit(1);
    }
    stopRequested = true;
    signalled();
    log.info('stopping: finishing in-flight reconciles', { signal });
    void manager.stop();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  log.info('starting crosstenant-operator', {
    leaderElect: options.leaderElect,
    ...(options.sharding ? { shard: options.shardName } : {}),
    watchNamespaces: options.watchNamespaces ?? 'all',
    concurrency: options.concurrency,
    controllerConcurrency: options.controllerConcurrency,
  });
  try {
    const running = manager.run();
    // Nor may it hold the exit that follows a lost lease.
    await Promise.all([Promise.race([tenants.start(), stopSignal, running]), running]);
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    await tenants.stop();
  }
  if (stopRequested) {
    log.info('stopped');
    return 0;
  }
  log.error(
    `${options.sharding ? 'shard Lease' : 'leader election'} lost; exiting so a fresh replica can take over`,
  );
  return 1;
}
