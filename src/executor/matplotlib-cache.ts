// matplotlib's font cache, built once when the executor starts: without it every program that
// imports matplotlib would scan the fonts again (seconds) and run `fc-list`, which the sandbox
// refuses. Programs and judges get it as MPLCONFIGDIR (sandbox.ts), read-only in effect: its files
// are the executor's, and Landlock refuses programs every write outside their own directory.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PythonInfo } from './python.js';

const BUILD_TIMEOUT_MS = 120_000;

/** Builds the cache under `root`; returns its folder, or why there is none (`warning`). */
export function buildMatplotlibCache(python: PythonInfo, root: string, asRoot: boolean): { dir?: string; warning?: string } {
  if (!python.matplotlib) return {};
  const dir = join(root, 'matplotlib');
  mkdirSync(dir, { recursive: true });
  const env = { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8', HOME: dir, MPLCONFIGDIR: dir, MPLBACKEND: 'Agg' };
  const build = spawnSync(python.executable, ['-I', '-c', 'import matplotlib.font_manager'], { env, encoding: 'utf8', timeout: BUILD_TIMEOUT_MS });
  if (build.status !== 0) {
    return { warning: `matplotlib's font cache could not be built, so each program that imports matplotlib builds its own: ${(build.stderr || build.error?.message || '').trim().slice(-300)}` };
  }
  // matplotlib also reads its configuration from this folder: present and empty, so that no slot
  // user can put one there for later runs.
  writeFileSync(join(dir, 'matplotlibrc'), '');
  mkdirSync(join(dir, 'stylelib'), { recursive: true });
  // matplotlib uses the folder only if access(2) says it is writable: for slot users (root
  // executor) that takes the sticky mode of /tmp, which still keeps them from replacing our files.
  chmodSync(dir, asRoot ? 0o1777 : 0o755);
  return { dir };
}
