import { parseArgs } from 'node:util';
import type { ControllerName } from '../controllers/shared/names.js';
import { CONTROLLER_NAMES } from '../controllers/shared/names.js';
import { isShardName, shardNameFrom } from '../kube/sharding/labels.js';
import { parseBindAddress } from '../observability/health-server.js';

/** What `crosstenant run` was asked to do, validated. */
export interface RunOptions {
  leaderElect: boolean;
  leaderElectionNamespace: string;
  leaderElectionId: string;
  /** Every replica reconciles its share of the objects, holding a shard Lease named after `shardName`. */
  sharding: boolean;
  shardName: string;
  metricsBindAddress: string;
  healthProbeBindAddress: string;
  /** Undefined: every namespace. */
  watchNamespaces?: string[];
  /** Reconciles each controller runs at once, unless `controllerConcurrency` names it. */
  concurrency: number;
  controllerConcurrency: Partial<Record<ControllerName, number>>;
  kubeconfig?: string;
  logLevel: LogLevel;
}

/** winston's npm levels, most to least severe. */
export const LOG_LEVELS = ['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'] as const;
/** A log level `--log-level` accepts. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A command line the user must fix; the message says how. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Where defaults come from besides flags: the environment and the pod's service-account namespace. */
export interface FlagSources {
  env: Record<string, string | undefined>;
  /** The namespace the pod runs in, from the service-account file, if any. */
  podNamespace?: () => string | undefined;
  /** The host name, the shard name's last default. */
  hostName?: () => string;
}

const FLAGS = {
  'leader-elect': { type: 'string' },
  'leader-election-namespace': { type: 'string' },
  'leader-election-id': { type: 'string' },
  sharding: { type: 'string' },
  'shard-name': { type: 'string' },
  'metrics-bind-address': { type: 'string' },
  'health-probe-bind-address': { type: 'string' },
  'watch-namespace': { type: 'string', multiple: true },
  concurrency: { type: 'string' },
  kubeconfig: { type: 'string' },
  'log-level': { type: 'string' },
} as const;

type FlagName = keyof typeof FLAGS;

/** The usage text of `crosstenant run`. */
export const RUN_USAGE = `Usage: crosstenant run [flags]

Runs the operator. Every flag may also be set through CROSSTENANT_<FLAG> (e.g. CROSSTENANT_LEADER_ELECT=true).

  --leader-elect[=true|false]        Elect a leader through a Lease so only one replica acts (default false)
  --leader-election-namespace NS     Namespace of the Lease (default: the pod's namespace, else "default")
  --leader-election-id NAME          Name of the Lease (default crosstenant-operator)
  --sharding[=true|false]            Share the objects among every replica run with it: each holds a shard
                                     Lease <leader-election-id>-shard-<shard-name> in the Lease namespace
                                     and reconciles only the objects labelled with its shard (default false;
                                     not with --leader-elect)
  --shard-name NAME                  This replica's shard (default: $POD_NAME, else the host name)
  --metrics-bind-address ADDR        Where /metrics listens (default :8080; 0 disables)
  --health-probe-bind-address ADDR   Where /healthz and /readyz listen (default :8081; 0 disables)
  --watch-namespace NS[,NS...]       Act only in these namespaces (repeatable; default: all)
  --concurrency N[,NAME=N...]        Reconciles a controller runs at once: N for each (default 1; at least
                                     4 for syncscope and tenantlink), NAME=N exactly for one of
                                     ${CONTROLLER_NAMES.join(', ')}
  --kubeconfig PATH                  Kubeconfig file (default: in-cluster, else $KUBECONFIG or ~/.kube/config)
  --log-level LEVEL                  ${LOG_LEVELS.join(' | ')} (default info)
`;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function envName(flag: FlagName): string {
  return `CROSSTENANT_${flag.toUpperCase().replace(/-/g, '_')}`;
}

function parseBoolean(flag: string, value: string): boolean {
  if (/^(true|1|yes)$/i.test(value)) return true;
  if (/^(false|0|no)$/i.test(value)) return false;
  throw new UsageError(`--${flag}: want true or false, got ${JSON.stringify(value)}`);
}

function namespaceName(flag: string, value: string): string {
  if (value.length > 63 || !DNS_LABEL.test(value))
    throw new UsageError(`--${flag}: ${JSON.stringify(value)} is not a valid namespace name`);
  return value;
}

/** Parses and validates the flags of `crosstenant run`; throws UsageError with a message naming the flag. */
export function parseRunFlags(args: readonly string[], sources: FlagSources): RunOptions {
  // kubebuilder accepts a bare `--leader-elect` as well as `--leader-elect=false` (the Helm chart's form).
  const normalized = args.map((arg) =>
    arg === '--leader-elect' || arg === '--sharding' ? `${arg}=true` : arg,
  );
  let values: Partial<Record<FlagName, string | string[]>>;
  try {
    ({ values } = parseArgs({ args: normalized, options: FLAGS, strict: true, allowPositionals: false }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const pick = (flag: FlagName): string | undefined => {
    const given = values[flag];
    if (typeof given === 'string') return given;
    const fromEnv = sources.env[envName(flag)];
    return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
  };
  const address = (flag: FlagName, fallback: string): string => {
    const value = pick(flag) ?? fallback;
    try {
      parseBindAddress(value);
    } catch (err) {
      throw new UsageError(`--${flag}: ${err instanceof Error ? err.message : String(err)}`);
    }
    return value;
  };
  const { concurrency, controllerConcurrency } = parseConcurrency(pick('concurrency') ?? '1');
  const logLevel = pick('log-level') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel))
    throw new UsageError(
      `--log-level: want one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(logLevel)}`,
    );
  const watchValues = Array.isArray(values['watch-namespace'])
    ? values['watch-namespace']
    : [sources.env[envName('watch-namespace')] ?? ''];
  const watchNamespaces = [
    ...new Set(
      watchValues
        .flatMap((value) => value.split(','))
        .map((value) => value.trim())
        .filter((value) => value !== '')
        .map((value) => namespaceName('watch-namespace', value)),
    ),
  ];
  const leaseNamespace =
    pick('leader-election-namespace') ?? sources.env.POD_NAMESPACE ?? sources.podNamespace?.() ?? 'default';
  const leaseId = pick('leader-election-id') ?? 'crosstenant-operator';
  if (leaseId.length > 253 || !/^[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/.test(leaseId))
    throw new UsageError(`--leader-election-id: ${JSON.stringify(leaseId)} is not a valid Lease name`);
  const kubeconfig = pick('kubeconfig');
  const leaderElect = parseBoolean('leader-elect', pick('leader-elect') ?? 'false');
  const sharding = parseBoolean('sharding', pick('sharding') ?? 'false');
  if (leaderElect && sharding)
    throw new UsageError(
      '--sharding and --leader-elect exclude each other: every shard holds a Lease of its own',
    );
  const shardName =
    pick('shard-name') ?? shardNameFrom(sources.env.POD_NAME || (sources.hostName?.() ?? 'shard'));
  if (!isShardName(shardName) || `${leaseId}-shard-${shardName}`.length > 253)
    throw new UsageError(
      `--shard-name: ${JSON.stringify(shardName)} is not a valid shard name (lower-case letters, digits and '-', at most 63)`,
    );
  return {
    leaderElect,
    sharding,
    shardName,
    leaderElectionNamespace: namespaceName('leader-election-namespace', leaseNamespace),
    leaderElectionId: leaseId,
    metricsBindAddress: address('metrics-bind-address', ':8080'),
    healthProbeBindAddress: address('health-probe-bind-address', ':8081'),
    ...(watchNamespaces.length > 0 ? { watchNamespaces } : {}),
    concurrency,
    controllerConcurrency,
    ...(kubeconfig !== undefined ? { kubeconfig } : {}),
    logLevel: logLevel as LogLevel,
  };
}

/** `N`, `NAME=N` or both, comma-separated: the default and per-controller MaxConcurrentReconciles. */
function parseConcurrency(text: string): Pick<RunOptions, 'concurrency' | 'controllerConcurrency'> {
  const count = (value: string, what: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < 1 || n > 100)
      throw new UsageError(
        `--concurrency: want a whole number from 1 to 100${what}, got ${JSON.stringify(value)}`,
      );
    return n;
  };
  let concurrency = 1;
  const controllerConcurrency: Partial<Record<ControllerName, number>> = {};
  for (const item of text.split(',').map((part) => part.trim())) {
    const at = item.indexOf('=');
    if (at < 0) {
      concurrency = count(item, '');
      continue;
    }
    const [name, value] = [item.slice(0, at), item.slice(at + 1)];
    if (!(CONTROLLER_NAMES as readonly string[]).includes(name))
      throw new UsageError(
        `--concurrency: ${JSON.stringify(name)} is not a controller; want one of ${CONTROLLER_NAMES.join(', ')}`,
      );
    controllerConcurrency[name as ControllerName] = count(value, ` for ${name}`);
  }
  return { concurrency, controllerConcurrency };
}
