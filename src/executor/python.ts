// The interpreter that runs programs: `--python`, else MURPHY_PYTHON, else python3 from PATH, asked
// once what it is. It is run as the path it reports in sys.executable, never its real path: a
// venv's or conda env's packages are found from pyvenv.cfg or the prefix next to the executable
// that runs (a venv's bin/python is a link to its base interpreter), and a PATH entry may be a
// wrapper script (pyenv's shim) that would cost a process per start.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface PythonInfo {
  readonly executable: string;
  readonly version: string;
  /** Directories the interpreter needs (its prefixes and import path), for the sandbox to bind read-only. */
  readonly prefixes: readonly string[];
  /** Its import path (existing directories only): what programs import from. */
  readonly libraryPath: readonly string[];
  /** Whether matplotlib is installed (then the executor prebuilds its font cache). */
  readonly matplotlib: boolean;
}

/** The interpreter named by the environment when none is given. */
export function pythonCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env['MURPHY_PYTHON'] || 'python3';
}

const PROBE = [
  'import importlib.util, json, os, sys',
  'path = [p for p in sys.path if p and os.path.isdir(p)]',
  'prefixes = [sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix, os.path.dirname(os.path.dirname(os.path.realpath(sys.executable)))]',
  'print(json.dumps({"executable": os.path.abspath(sys.executable), "version": sys.version.split()[0], "prefixes": prefixes, "libraryPath": path,',
  '                  "matplotlib": importlib.util.find_spec("matplotlib") is not None}))',
].join('\n');

/** Only the outermost of nested directories (a bind covers what is beneath it). */
export function outermost(paths: readonly string[]): string[] {
  const sorted = [...new Set(paths)].filter((p) => p.startsWith('/')).sort();
  return sorted.filter((path) => !sorted.some((other) => other !== path && (other === '/' || path.startsWith(`${other}/`))));
}

export function resolvePython(command = pythonCommand()): PythonInfo {
  let output: string;
  try {
    output = execFileSync(command, ['-I', '-c', PROBE], { encoding: 'utf8', timeout: 30_000 });
  } catch (error) {
    throw new Error(`cannot run ${command} as the executor's interpreter (give --python PATH, set MURPHY_PYTHON or put python3 on PATH): ${(error as Error).message}`, { cause: error });
  }
  const info = JSON.parse(output) as { executable?: string; version?: string; prefixes?: string[]; libraryPath?: string[]; matplotlib?: boolean };
  if (!info.executable || !info.version || !info.prefixes || !info.libraryPath) throw new Error(`${command} did not describe itself`);
  const libraryPath = info.libraryPath;
  const prefixes = outermost([...info.prefixes, ...libraryPath].filter((p) => existsSync(p)));
  return { executable: info.executable, version: info.version, prefixes, libraryPath, matplotlib: info.matplotlib === true };
}
