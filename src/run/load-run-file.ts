// Reads the one MurphyRun of a file for `murphy run` and `murphy coordinator`; bad input becomes a
// usage error listing every bad field by path.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { loadMurphyRuns, type ResolvedMurphyRun } from '../api/load.js';
import { UsageError } from '../user-input/usage-error.js';

export interface LoadedRun {
  readonly run: ResolvedMurphyRun;
  readonly path: string;
  /** The file's directory: relative dataset paths are resolved against it. */
  readonly baseDir: string;
}

export async function loadRunFile(file: string): Promise<LoadedRun> {
  const path = resolve(file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  const result = loadMurphyRuns(text);
  if (!result.ok) throw new UsageError(result.errors.map((e) => `${file}: ${e.path}: ${e.message}`).join('\n'));
  const [run, ...others] = result.runs;
  if (run === undefined || others.length > 0) {
    throw new UsageError(`${file} holds ${result.runs.length} MurphyRuns; give a file with exactly one`);
  }
  return { run, path, baseDir: dirname(path) };
}
