// The interpreter that runs programs: python3 from PATH, resolved once to its real executable
// (a PATH entry may be a wrapper script, e.g. pyenv's shim, that costs a process per start).
import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';

export interface PythonInfo {
  readonly executable: string;
  readonly version: string;
  /** Directories the interpreter needs (its prefixes), for the sandbox to bind read-only. */
  readonly prefixes: readonly string[];
}

const PROBE = 'import json, os, sys; print(json.dumps([os.path.realpath(sys.executable), sys.version.split()[0], sys.prefix, sys.base_prefix, sys.exec_prefix]))';

export function resolvePython(command = process.env['MURPHY_PYTHON'] ?? 'python3'): PythonInfo {
  let output: string;
  try {
    output = execFileSync(command, ['-I', '-c', PROBE], { encoding: 'utf8', timeout: 30_000 });
  } catch (error) {
    throw new Error(`cannot run ${command} (set MURPHY_PYTHON or put python3 on PATH): ${(error as Error).message}`, { cause: error });
  }
  const [executable, version, ...prefixes] = JSON.parse(output) as string[];
  if (executable === undefined || version === undefined) throw new Error(`${command} did not describe itself`);
  return { executable, version, prefixes: [...new Set([...prefixes, dirname(dirname(executable))])] };
}
