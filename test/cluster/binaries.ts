import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const buildScript = join(dirname(fileURLToPath(import.meta.url)), 'build.sh');

/** Runs a build script (stderr shown as it goes) and resolves with the last line it printed on stdout. */
export async function runBuildScript(script: string, args: string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = stdout.trim().split('\n').pop();
      if (code === 0 && last) resolve(last);
      else reject(new Error(`${script} failed with exit code ${code}`));
    });
  });
}

/** Builds (first run) or finds (warm cache) the control-plane binaries and returns their directory. */
export async function ensureControlPlaneBinaries(): Promise<string> {
  return runBuildScript(buildScript);
}
