// Child processes of the sync benchmark: the Graph simulator and the sync engine, each measured on its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Starts the simulator's CLI (`serve`, Contoso seed, a free port) and resolves with its URL. */
export function startSimulatorProcess(): Promise<{ child: ChildProcess; url: string }> {
  const cli = fileURLToPath(new URL('../src/graph-sim/cli.ts', import.meta.url));
  const child = spawn(process.execPath, ['--max-old-space-size=4096', '--import', 'tsx', cli, 'serve'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Authority host:\s+(https:\/\/localhost:\d+)/.exec(out);
      if (match?.[1]) resolve({ child, url: match[1] });
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
}

/**
 * Compiles a TypeScript entry point and what it imports into one JavaScript file under .cache/bench, as the
 * operator ships compiled (`node dist/main.js`): run through tsx, the process would carry the TypeScript
 * loader's 60 MiB. `entry` is relative to this directory.
 */
export async function bundle(entry: string, name: string): Promise<string> {
  const outfile = fileURLToPath(new URL(`../.cache/bench/${name}.mjs`, import.meta.url));
  await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}

/** An engine script of bench/ (sync-engine by default) compiled (see `bundle`). */
export function buildEngine(name: 'sync-engine' | 'fairness-engine' = 'sync-engine'): Promise<string> {
  return bundle(`./${name}.ts`, name);
}

/** Starts the compiled engine (buildEngine) with its configuration and calls `onLine` with each JSON line it prints. */
export function startEngineProcess(
  script: string,
  nodeFlags: readonly string[],
  config: unknown,
  caFile: string,
  onLine: (line: unknown) => void,
): ChildProcess {
  const child = spawn(process.execPath, [...nodeFlags, script], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile, SYNC_BENCH_ENGINE: JSON.stringify(config) },
  });
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line.startsWith('{')) onLine(JSON.parse(line));
    }
  });
  return child;
}

async function statusKiB(pid: number, field: string): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
}

/** Peak resident memory (VmHWM) of a live process, in bytes. */
export async function peakRssBytes(pid: number): Promise<number> {
  return (await statusKiB(pid, 'VmHWM')) * 1024;
}

/** Resident memory (VmRSS) of a live process now, in bytes. */
export async function residentBytes(pid: number): Promise<number> {
  return (await statusKiB(pid, 'VmRSS')) * 1024;
}

/** Ends a child process and waits for it to exit. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
