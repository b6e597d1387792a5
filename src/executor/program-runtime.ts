// What programs run on, settled once when the engine starts: the interpreter (checked readable by
// the users that run programs), the sandbox mode, the environment and matplotlib's font cache.
import { existsSync } from 'node:fs';
import type { WorkArea } from './harness-files.js';
import { buildMatplotlibCache } from './matplotlib-cache.js';
import { programEnv } from './program-env.js';
import { resolvePython, type PythonInfo } from './python.js';
import { chooseSandbox, type SandboxChoice, type SandboxLayout, type SandboxMode } from './sandbox.js';
import { unreadableBySlots, unreadableError } from './slot-access.js';

export interface RuntimeOptions {
  readonly sandbox?: SandboxChoice;
  /** The interpreter (a path, or a command on PATH); default: MURPHY_PYTHON, else python3. */
  readonly python?: string;
  /** Variables of the executor's environment that programs and judges get too (program-env.ts). */
  readonly passEnv?: readonly string[];
}

export interface ProgramRuntime {
  readonly sandbox: SandboxMode;
  readonly layout: SandboxLayout;
  readonly warnings: readonly string[];
}

/** The image's interpreter, every user's to read: the fallback when python3 on PATH is not. */
const SYSTEM_PYTHON = '/usr/bin/python3';

/** The interpreter, when slot users can read it. A root executor's default (python3 on PATH) that
 * they cannot read, e.g. pyenv's under /root, gives way to the system's with a warning; an
 * interpreter the executor was told to use fails the start with what to do about it. */
function readablePython(python: PythonInfo, mode: SandboxMode, chosen: boolean): { python: PythonInfo; warning?: string } {
  const blocked = unreadableBySlots(python, mode);
  if (blocked === null) return { python };
  if (chosen || !existsSync(SYSTEM_PYTHON)) throw unreadableError(python, mode, blocked);
  const system = resolvePython(SYSTEM_PYTHON);
  if (unreadableBySlots(system, mode) !== null) throw unreadableError(python, mode, blocked);
  return { python: system, warning: `python3 on PATH (${python.executable}) cannot be read by the users that run programs (${blocked}): using ${SYSTEM_PYTHON}; give --python (or MURPHY_PYTHON) to choose the interpreter` };
}

export function prepareRuntime(options: RuntimeOptions, area: WorkArea): ProgramRuntime {
  const root = process.getuid?.() === 0;
  const chosen = options.python ?? (process.env['MURPHY_PYTHON'] || undefined);
  const given = resolvePython(chosen ?? 'python3');
  const base = { python: given, harnessDir: area.harnessDir, workDir: area.workDir, root, env: programEnv(options.passEnv) };
  const sandbox = chooseSandbox(options.sandbox ?? 'auto', base);
  const { python, warning } = root ? readablePython(given, sandbox, chosen !== undefined) : { python: given };
  const cache = buildMatplotlibCache(python, area.root, root);
  const warnings = [warning, cache.warning].filter((w): w is string => w !== undefined);
  return { sandbox, layout: { ...base, python, ...(cache.dir ? { matplotlibDir: cache.dir } : {}) }, warnings };
}
