// What the test node needs from the machine, checked before it starts, and the few things it adds
// there (a bridge, its own cgroups, a shared bind mount of its kubelet directory), taken away again on
// stop. Nothing here remounts a cgroup hierarchy or changes a sysctl.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CGROUP_MOUNTS = '/sys/fs/cgroup';

/** Runs a command; rejects with its stderr. */
export async function sh(command: string, args: string[]): Promise<string> {
  try {
    return (await run(command, args, { maxBuffer: 16 * 1024 * 1024 })).stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`${command} ${args.join(' ')} failed: ${stderr.trim() || String(error)}`);
  }
}

async function succeeds(command: string, args: string[]): Promise<boolean> {
  return sh(command, args).then(
    () => true,
    () => false,
  );
}

/**
 * Why a node cannot run on this machine, or undefined when it can: the kubelet, containerd and runc
 * need root, cgroup v1 controllers (this machine's layout) or v2, overlayfs, mount and network
 * namespaces, and the ip, nft and unshare commands.
 */
export async function nodeUnavailableReason(): Promise<string | undefined> {
  if (process.platform !== 'linux') return `the test node runs on Linux only, not ${process.platform}`;
  if (process.getuid?.() !== 0) return 'the test node needs root (kubelet, containerd and runc)';
  for (const command of ['ip', 'nft', 'unshare', 'mount', 'buildah', 'debootstrap']) {
    if (!(await succeeds('sh', ['-c', `command -v ${command}`])))
      return `the command ${command} is missing (bash .ci/run installs the Debian packages)`;
  }
  const filesystems = await readFile('/proc/filesystems', 'utf8');
  if (!/\boverlay\b/.test(filesystems)) return 'the kernel has no overlayfs (containerd snapshotter)';
  const controllers = await cgroupControllerDirs();
  const unified = existsSync(join(CGROUP_MOUNTS, 'cgroup.controllers'));
  if (!unified && !['cpu', 'memory', 'pids'].every((c) => controllers.some((d) => d.endsWith(`/${c}`))))
    return `neither cgroup v2 nor the v1 cpu, memory and pids controllers are mounted under ${CGROUP_MOUNTS}`;
  if (unified)
    return 'cgroup v2 as the only hierarchy is not wired up in test/node yet (this machine has v1)';
  if (!(await succeeds('unshare', ['--mount', '--net', 'true'])))
    return 'mount and network namespaces cannot be created here (unshare --mount --net failed)';
  return undefined;
}

/** The v1 hierarchies mounted under /sys/fs/cgroup (cpu, memory, ..., systemd), as directories. */
async function cgroupControllerDirs(): Promise<string[]> {
  const mounts = await readFile('/proc/self/mounts', 'utf8');
  return mounts
    .split('\n')
    .map((line) => line.split(' '))
    .filter(([, target, type]) => type === 'cgroup' && target?.startsWith(`${CGROUP_MOUNTS}/`))
    .map(([, target]) => target ?? '');
}

/** Every hierarchy the node's cgroups appear in: the v1 ones and, in hybrid mode, the unified one. */
async function allCgroupDirs(): Promise<string[]> {
  const unified = join(CGROUP_MOUNTS, 'unified');
  return [...(await cgroupControllerDirs()), ...(existsSync(unified) ? [unified] : [])];
}

/** Creates the node's cgroup root in every v1 hierarchy; a cpuset child starts empty, so it copies its parent's. */
export async function createCgroupRoot(name: string): Promise<void> {
  for (const dir of await cgroupControllerDirs()) {
    const path = join(dir, name);
    await mkdir(path, { recursive: true });
    if (dir.endsWith('/cpuset')) {
      for (const file of ['cpuset.cpus', 'cpuset.mems'])
        await writeFile(join(path, file), await readFile(join(dir, file), 'utf8'));
    }
  }
}

async function descendants(path: string): Promise<string[]> {
  if (!existsSync(path)) return [];
  const entries = await readdir(path, { withFileTypes: true });
  const children = await Promise.all(
    entries.filter((e) => e.isDirectory()).map((e) => descendants(join(path, e.name))),
  );
  return [...children.flat(), path];
}

/** Kills every process in the node's cgroups (containers, shims, containerd) and removes the cgroups. */
export async function removeCgroupRoot(name: string): Promise<void> {
  const pidsDir = (await cgroupControllerDirs()).find((d) => d.endsWith('/pids'));
  for (let attempt = 0; pidsDir && attempt < 50; attempt++) {
    const pids = (
      await Promise.all(
        (await descendants(join(pidsDir, name))).map((dir) =>
          readFile(join(dir, 'cgroup.procs'), 'utf8').catch(() => ''),
        ),
      )
    )
      .join('\n')
      .split('\n')
      .filter(Boolean)
      .map(Number);
    if (pids.length === 0) break;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  for (const dir of await allCgroupDirs()) {
    for (const path of await descendants(join(dir, name))) await rmdir(path).catch(() => undefined);
  }
}

/** Creates the pod bridge with the node's address on it (the CNI bridge plugin then only attaches pods). */
export async function createBridge(bridge: string, gateway: string, prefixLength: number): Promise<void> {
  await sh('ip', ['link', 'add', bridge, 'type', 'bridge']);
  await sh('ip', ['addr', 'add', `${gateway}/${prefixLength}`, 'dev', bridge]);
  await sh('ip', ['link', 'set', bridge, 'up']);
}

export async function deleteBridge(bridge: string): Promise<void> {
  await sh('ip', ['link', 'del', bridge]).catch(() => undefined);
}

/** Bind-mounts `dir` on itself as a shared mount, so what the kubelet mounts in its own namespace reaches containerd. */
export async function shareMount(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await sh('mount', ['--bind', dir, dir]);
  await sh('mount', ['--make-shared', dir]);
}

/** Unmounts everything at or below any of `prefixes`, deepest first. */
export async function unmountBelow(prefixes: string[]): Promise<void> {
  const mounts = (await readFile('/proc/self/mounts', 'utf8'))
    .split('\n')
    .map((line) => line.split(' ')[1] ?? '')
    .map((target) => target.replace(/\\040/g, ' '))
    .filter((target) => prefixes.some((p) => target === p || target.startsWith(`${p}/`)))
    .sort((a, b) => b.length - a.length);
  for (const target of mounts) await sh('umount', ['-l', target]).catch(() => undefined);
}
