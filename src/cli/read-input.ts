// Reads a command's input from a file argument, or from stdin when there is none or it is "-".
import { readFile } from 'node:fs/promises';
import { type CommandIO } from './command.js';
import { UsageError } from '../user-input/usage-error.js';

export async function readInput(file: string | undefined, io: CommandIO): Promise<string> {
  if (file === undefined || file === '-') return io.readStdin();
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

/** Parses JSON input, reporting the position of a syntax error instead of throwing it. */
export function parseJson(text: string, source: string): unknown {
  if (text.trim() === '') throw new UsageError(`${source} is empty: expected JSON`);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`${source} is not valid JSON: ${(error as Error).message}`);
  }
}
