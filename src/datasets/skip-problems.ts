// spec.dataset.skipProblems: a text file of problem ids to leave out (one per line, `#` starts a
// comment), such as the list `murphy check-dataset --write-skip` writes of the problems whose
// reference solution fails.
import { readFile } from 'node:fs/promises';
import { DatasetError } from './dataset-error.js';

export function parseSkipList(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line !== '');
}

export async function readSkipList(path: string): Promise<ReadonlySet<string>> {
  try {
    return new Set(parseSkipList(await readFile(path, 'utf8')));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DatasetError(`spec.dataset.skipProblems ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}
