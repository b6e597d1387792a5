// Whether the users that run programs can read the interpreter. A root executor runs each slot's
// programs as a uid of its own, an "other" user for every file: it needs the interpreter's library
// readable and every folder above it searchable. In bwrap mode the folders above the interpreter's
// prefixes are made for the sandbox, traversable (sandbox.ts); in process mode they are the host's,
// e.g. pyenv's /root (0700), where imports not loaded before the fork would fail.
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PythonInfo } from './python.js';
import type { SandboxMode } from './sandbox.js';

const OTHERS_SEARCH = 0o001;
const OTHERS_READ = 0o004;

/** `path` and the folders above it up to (and excluding) `top`, outermost first. */
function chain(path: string, top: string): string[] {
  const folders: string[] = [];
  for (let at = path; at !== top && at !== dirname(at); at = dirname(at)) folders.unshift(at);
  return folders;
}

/** Where the sandbox's own folders end above `path`: the bound prefix it is in (bwrap), else the root. */
function topOf(path: string, python: PythonInfo, mode: SandboxMode): string {
  if (mode === 'process') return '/';
  const bound = python.prefixes.filter((p) => path === p || path.startsWith(`${p}/`));
  return bound.length ? dirname(bound.sort((a, b) => b.length - a.length)[0] as string) : '/';
}

/** The first folder or file of the interpreter that slot users cannot reach, or null. */
export function unreadableBySlots(python: PythonInfo, mode: SandboxMode): string | null {
  const stdlib = python.libraryPath.find((dir) => existsSync(join(dir, 'os.py')));
  const targets = [...python.libraryPath, ...(stdlib ? [join(stdlib, 'os.py')] : [])];
  for (const target of targets) {
    for (const at of chain(target, topOf(target, python, mode))) {
      const stat = statSync(at);
      const needed = stat.isDirectory() ? (at === target ? OTHERS_READ | OTHERS_SEARCH : OTHERS_SEARCH) : OTHERS_READ;
      if ((stat.mode & needed) !== needed) return at;
    }
  }
  return null;
}

/** The error for an interpreter slot users cannot read, saying what to do. */
export function unreadableError(python: PythonInfo, mode: SandboxMode, blocked: string): Error {
  const mode8 = (statSync(blocked).mode & 0o7777).toString(8).padStart(4, '0');
  const bwrap = mode === 'process' ? ', or run with --sandbox bwrap, which makes the folders above the interpreter traversable' : '';
  return new Error(`the interpreter ${python.executable} cannot be read by the users that run programs (as root, the executor runs each slot's programs as a uid of its own): ${blocked} is not readable by other users (mode ${mode8}). Give the executor an interpreter every user can read (--python /usr/bin/python3, or a venv or conda env outside /root, e.g. under /opt), make ${blocked} readable (chmod o+rx)${bwrap}`);
}
