// How a slot's zygote is started in each sandbox mode.
// bwrap: new PID, network, IPC and UTS namespaces, read-only system, private /tmp, new session,
// dies with the executor. process: no namespaces (for pods that forbid them, e.g. under gVisor);
// the harness still applies rlimits, a fresh directory per test and kills every leftover process.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import type { PythonInfo } from './python.js';

export type SandboxMode = 'bwrap' | 'process';
export type SandboxChoice = SandboxMode | 'auto';
/** What `--sandbox` accepts. */
export const SANDBOX_CHOICES: readonly SandboxChoice[] = ['auto', 'bwrap', 'process'];

export interface ZygoteCommand {
  readonly file: string;
  readonly args: readonly string[];
  /** Where runs happen, as the zygote sees it. */
  readonly runDir: string;
  /** The environment of the zygote, which its programs and judges inherit (harness/confine.py). */
  readonly env: Readonly<Record<string, string>>;
}

export interface SandboxLayout {
  readonly python: PythonInfo;
  /** Host directory holding the harness (read-only for programs). */
  readonly harnessDir: string;
  /** Host directory for run directories (process mode only). */
  readonly workDir: string;
  /** Whether the executor is root: then the zygote may switch each test to the slot's own user. */
  readonly root: boolean;
  /** What programs and judges get in their environment (program-env.ts); none when not given. */
  readonly env?: Readonly<Record<string, string>>;
  /** Host folder of matplotlib's prebuilt font cache (matplotlib-cache.ts), when there is one. */
  readonly matplotlibDir?: string;
}

const SANDBOX_HARNESS = '/murphy/harness';
// Not under /murphy, which bwrap makes 0700: slot users must reach it.
const SANDBOX_MATPLOTLIB = '/murphy-matplotlib';
const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib64', '/lib32', '/libx32'];
// The trusted zygote needs these to create run directories and switch tests to the slot's users;
// a root bwrap keeps every capability (CAP_SYS_ADMIN too) unless told to drop them all first, and
// takes one capability per --cap-add.
const ROOT_CAPS = ['CAP_SETUID', 'CAP_SETGID', 'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FOWNER', 'CAP_KILL'];
const rootCaps = (): string[] => ['--cap-drop', 'ALL', ...ROOT_CAPS.flatMap((cap) => ['--cap-add', cap])];

function systemBinds(): string[] {
  const args: string[] = [];
  for (const dir of SYSTEM_DIRS) {
    if (!existsSync(dir)) continue;
    if (lstatSync(dir).isSymbolicLink()) args.push('--symlink', readlinkSync(dir), dir);
    else args.push('--ro-bind', dir, dir);
  }
  return args;
}

/** Traversable parents for bound folders that live under private ones (e.g. pyenv's under /root,
 * 0700 on the host): bwrap would otherwise create them with the host folder's mode, and the slot's
 * user could not reach the interpreter's library. */
function parentDirs(paths: readonly string[]): string[] {
  const parents = new Set<string>();
  for (const path of paths) {
    const parts = path.split('/').filter((part) => part);
    for (let i = 1; i < parts.length; i++) parents.add(`/${parts.slice(0, i).join('/')}`);
  }
  parents.delete('/tmp'); // a tmpfs of its own, already there
  return [...parents].sort().flatMap((dir) => ['--perms', '0755', '--dir', dir]);
}

export function bwrapArgs(layout: SandboxLayout): string[] {
  const prefixes = layout.python.prefixes.filter((p) => !SYSTEM_DIRS.some((d) => p === d || p.startsWith(`${d}/`)));
  const matplotlib = layout.matplotlibDir;
  return [
    '--unshare-pid', '--unshare-net', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try',
    ...(layout.root ? rootCaps() : ['--unshare-user']),
    '--die-with-parent', '--new-session', '--clearenv',
    ...Object.entries(zygoteEnv('bwrap', layout)).flatMap(([name, value]) => ['--setenv', name, value]),
    ...systemBinds(),
    '--ro-bind-try', '/etc/ld.so.cache', '/etc/ld.so.cache', '--ro-bind-try', '/etc/localtime', '/etc/localtime',
    '--proc', '/proc', '--dev', '/dev', '--perms', '0755', '--tmpfs', '/tmp',
    // After /tmp's tmpfs, which would otherwise hide an interpreter under /tmp.
    ...parentDirs(prefixes),
    ...prefixes.flatMap((p) => ['--ro-bind', p, p]),
    '--ro-bind', layout.harnessDir, SANDBOX_HARNESS,
    // Read-write as a mount only so that matplotlib sees a writable cache folder (it checks with
    // access(2)); its files are not the slot users' and Landlock refuses programs every write there.
    ...(matplotlib ? ['--bind', matplotlib, SANDBOX_MATPLOTLIB] : []),
    '--chdir', '/tmp',
  ];
}

/** The zygote's environment: the programs' (with MPLCONFIGDIR where the sandbox shows the cache), PATH and LANG. */
function zygoteEnv(mode: SandboxMode, layout: SandboxLayout): Record<string, string> {
  const matplotlib = layout.matplotlibDir && { MPLCONFIGDIR: mode === 'bwrap' ? SANDBOX_MATPLOTLIB : layout.matplotlibDir };
  return { ...layout.env, ...matplotlib, PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' };
}

function pythonArgs(python: PythonInfo, harnessDir: string): string[] {
  return [python.executable, '-I', '-B', '-u', `${harnessDir}/zygote.py`];
}

export function zygoteCommand(mode: SandboxMode, layout: SandboxLayout, slot: number): ZygoteCommand {
  if (mode === 'bwrap') {
    return { file: 'bwrap', args: [...bwrapArgs(layout), ...pythonArgs(layout.python, SANDBOX_HARNESS)], runDir: `/tmp/run`, env: zygoteEnv(mode, layout) };
  }
  const [file, ...args] = pythonArgs(layout.python, layout.harnessDir);
  return { file: file as string, args, runDir: `${layout.workDir}/slot${slot}`, env: zygoteEnv(mode, layout) };
}

/** `auto`: bwrap when a sandboxed interpreter starts and cannot reach the network, else process. */
export function chooseSandbox(choice: SandboxChoice, layout: SandboxLayout): SandboxMode {
  if (choice !== 'auto') return choice;
  return probeBwrap(layout) ? 'bwrap' : 'process';
}

export function probeBwrap(layout: SandboxLayout): boolean {
  const check = 'import socket\ntry:\n    socket.create_connection(("1.1.1.1", 53), timeout=1)\nexcept OSError:\n    print("isolated")';
  const probe = spawnSync('bwrap', [...bwrapArgs(layout), layout.python.executable, '-I', '-c', check], { encoding: 'utf8', timeout: 10_000 });
  return probe.status === 0 && probe.stdout.trim() === 'isolated';
}
