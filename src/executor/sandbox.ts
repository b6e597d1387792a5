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
}

export interface SandboxLayout {
  readonly python: PythonInfo;
  /** Host directory holding the harness (read-only for programs). */
  readonly harnessDir: string;
  /** Host directory for run directories (process mode only). */
  readonly workDir: string;
  /** Whether the executor is root: then the zygote may switch each test to the slot's own user. */
  readonly root: boolean;
}

const SANDBOX_HARNESS = '/murphy/harness';
const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib64', '/lib32', '/libx32'];
// The trusted zygote needs these to create run directories and switch tests to the slot's user.
const ROOT_CAPS = 'CAP_SETUID,CAP_SETGID,CAP_CHOWN,CAP_DAC_OVERRIDE,CAP_FOWNER,CAP_KILL';

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
  return [...parents].sort().flatMap((dir) => ['--perms', '0755', '--dir', dir]);
}

export function bwrapArgs(layout: SandboxLayout): string[] {
  const prefixes = layout.python.prefixes.filter((p) => !SYSTEM_DIRS.some((d) => p === d || p.startsWith(`${d}/`)));
  return [
    '--unshare-pid', '--unshare-net', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try',
    ...(layout.root ? ['--cap-add', ROOT_CAPS] : ['--unshare-user']),
    '--die-with-parent', '--new-session', '--clearenv',
    '--setenv', 'PATH', '/usr/local/bin:/usr/bin:/bin', '--setenv', 'LANG', 'C.UTF-8',
    ...systemBinds(),
    ...parentDirs(prefixes),
    ...prefixes.flatMap((p) => ['--ro-bind', p, p]),
    '--ro-bind-try', '/etc/ld.so.cache', '/etc/ld.so.cache', '--ro-bind-try', '/etc/localtime', '/etc/localtime',
    '--ro-bind', layout.harnessDir, SANDBOX_HARNESS,
    '--proc', '/proc', '--dev', '/dev', '--perms', '0755', '--tmpfs', '/tmp', '--chdir', '/tmp',
  ];
}

function pythonArgs(python: PythonInfo, harnessDir: string): string[] {
  return [python.executable, '-I', '-B', '-u', `${harnessDir}/zygote.py`];
}

export function zygoteCommand(mode: SandboxMode, layout: SandboxLayout, slot: number): ZygoteCommand {
  if (mode === 'bwrap') {
    return { file: 'bwrap', args: [...bwrapArgs(layout), ...pythonArgs(layout.python, SANDBOX_HARNESS)], runDir: `/tmp/run` };
  }
  const [file, ...args] = pythonArgs(layout.python, layout.harnessDir);
  return { file: file as string, args, runDir: `${layout.workDir}/slot${slot}` };
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
