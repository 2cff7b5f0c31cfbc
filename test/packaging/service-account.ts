// Running the operator as the chart's Deployment would, outside a pod: a TokenRequest token for its
// ServiceAccount in a kubeconfig of its own, and the arguments and environment its container gets.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { testKubeConfig } from '../support/cluster.js';
import type { OperatorProcess } from '../support/operator.js';
import { startOperator } from '../support/operator.js';

/** A kubeconfig that authenticates with nothing but a ServiceAccount's token. */
export interface ServiceAccountAccess {
  kubeconfigPath: string;
  config: KubeConfig;
}

/**
 * Mints a token for a ServiceAccount with the TokenRequest API (as the kubelet does for a pod's projected
 * token) and writes a kubeconfig holding only that token and the test cluster's server and CA.
 */
export async function serviceAccountKubeconfig(
  namespace: string,
  name: string,
): Promise<ServiceAccountAccess> {
  const admin = testKubeConfig();
  const request = await admin.makeApiClient(CoreV1Api).createNamespacedServiceAccountToken({
    name,
    namespace,
    body: { spec: { audiences: [], expirationSeconds: 3600 } },
  });
  const token = request.status?.token;
  const cluster = admin.getCurrentCluster();
  if (!token || !cluster) throw new Error(`no token for ServiceAccount ${namespace}/${name}`);
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [{ name: 'test', server: cluster.server, caFile: cluster.caFile, caData: cluster.caData }],
    users: [{ name, token }],
    contexts: [{ name: 'test', cluster: 'test', user: name }],
    currentContext: 'test',
  });
  const kubeconfigPath = join(mkdtempSync(join(tmpdir(), 'ct-sa-')), 'kubeconfig');
  writeFileSync(kubeconfigPath, config.exportConfig(), { mode: 0o600 });
  return { kubeconfigPath, config };
}

/** What the operator container of a Deployment is started with. */
export interface DeploymentCommand {
  /** Node's flags from the container's command (`node <flags> dist/main.js`); none when it runs the image's own. */
  nodeFlags: string[];
  /** The container's arguments after `run`, less the listen addresses (a test picks free ports). */
  args: string[];
  /** The container's environment, with the downward-API fields resolved as the kubelet would. */
  env: Record<string, string>;
}

/** Reads the installed Deployment's operator container and resolves its command as its pod `podName` would get it. */
export async function deploymentCommand(
  namespace: string,
  name: string,
  podName: string,
): Promise<DeploymentCommand> {
  const deployment = await testKubeConfig()
    .makeApiClient(AppsV1Api)
    .readNamespacedDeployment({ name, namespace });
  const container = deployment.spec?.template.spec?.containers.find((c) => c.name === 'operator');
  const [command, ...rest] = container?.args ?? [];
  if (command !== 'run') throw new Error(`Deployment ${namespace}/${name} does not run the operator`);
  const [node, ...nodeArgs] = container?.command ?? ['node', 'dist/main.js'];
  if (node !== 'node' || nodeArgs.at(-1) !== 'dist/main.js') {
    throw new Error(
      `Deployment ${namespace}/${name} does not run the operator with node: ${String(container?.command)}`,
    );
  }
  const args = rest.filter((arg) => !/^--(metrics-bind-address|health-probe-bind-address)=/.test(arg));
  const fields: Record<string, string> = { 'metadata.namespace': namespace, 'metadata.name': podName };
  const env: Record<string, string> = {};
  for (const variable of container?.env ?? []) {
    const value = variable.value ?? fields[variable.valueFrom?.fieldRef?.fieldPath ?? ''];
    if (value === undefined) throw new Error(`env ${variable.name}: no value a test can supply`);
    env[variable.name] = value;
  }
  return { nodeFlags: nodeArgs.slice(0, -1), args, env };
}

/**
 * Starts the operator as a release's ServiceAccount `name` with the arguments and environment its Deployment
 * `name` gives the container; a flag in `override` replaces the Deployment's flag of the same name.
 */
export async function startOperatorAsChart(
  namespace: string,
  name: string,
  override: string[] = [],
): Promise<OperatorProcess> {
  const access = await serviceAccountKubeconfig(namespace, name);
  const command = await deploymentCommand(namespace, name, `${name}-5d8f7c9b6d-x2k4q`);
  const flag = (arg: string) => arg.split('=')[0];
  const replaced = new Set(override.map(flag));
  const args = [...command.args.filter((arg) => !replaced.has(flag(arg))), ...override];
  return startOperator({
    kubeconfigPath: access.kubeconfigPath,
    // The Deployment's Node flags, then the sources the image compiles into dist/main.js.
    entry: [...command.nodeFlags, '--import', 'tsx', 'src/main.ts'],
    args,
    env: command.env,
  });
}
