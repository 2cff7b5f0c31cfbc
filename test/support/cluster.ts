// What integration tests use to reach the control plane that the global setup started.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';

/** Result of running a command-line tool. */
export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run integration tests through the jest integration project`);
  return value;
}

/** Path of the admin kubeconfig of the test control plane. */
export function testKubeconfigPath(): string {
  return required('CROSSTENANT_TEST_KUBECONFIG');
}

/** Directory holding the kubectl and helm binaries built for the tests. */
export function testBinDir(): string {
  return required('CROSSTENANT_TEST_BIN');
}

/** An admin KubeConfig for the test control plane. */
export function testKubeConfig(): KubeConfig {
  const config = new KubeConfig();
  config.loadFromFile(testKubeconfigPath());
  return config;
}

function runTool(tool: string, args: string[], input?: string): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = execFile(
      join(testBinDir(), tool),
      args,
      { env: { ...process.env, KUBECONFIG: testKubeconfigPath() }, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Runs the real kubectl against the test control plane; `input` is passed on stdin (use `-f -`). */
export function kubectl(args: string[], input?: string): Promise<CommandResult> {
  return runTool('kubectl', args, input);
}

/** Runs the real helm against the test control plane. */
export function helm(args: string[], input?: string): Promise<CommandResult> {
  return runTool('helm', args, input);
}

/** Creates a namespace with a unique name for one test file and returns its name. */
export async function createTestNamespace(prefix: string): Promise<string> {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  await testKubeConfig()
    .makeApiClient(CoreV1Api)
    .createNamespace({ body: { metadata: { name } } });
  return name;
}
