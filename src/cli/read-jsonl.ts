// Reads a JSONL file line by line (a run's trees.jsonl may be hundreds of MB), checking each line
// against a schema: the parsed values, and one message per malformed line naming its number.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { z } from 'zod';
import { parseJsonlLine } from '../trees/jsonl-line.js';
import { UsageError } from '../user-input/usage-error.js';
import type { Progress } from './progress.js';

export interface JsonlContents<T> {
  readonly values: T[];
  readonly errors: string[];
}

export async function readJsonl<T>(file: string, source: string, schema: z.ZodType<T>, progress?: Progress): Promise<JsonlContents<T>> {
  try {
    return await readLines(file, source, schema, progress);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

async function readLines<T>(file: string, source: string, schema: z.ZodType<T>, progress?: Progress): Promise<JsonlContents<T>> {
  const values: T[] = [];
  const errors: string[] = [];
  const stream = createReadStream(file, { encoding: 'utf8' });
  let lineNumber = 0;
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
    lineNumber += 1;
    progress?.update(() => `${lineNumber.toLocaleString('en')} lines read (${(stream.bytesRead / 1e6).toFixed(0)} MB)`);
    if (line.trim() === '') continue;
    const result = parseJsonlLine(line, lineNumber, source, schema);
    if (result.ok) values.push(result.value);
    else errors.push(result.error);
  }
  progress?.done(() => `${lineNumber.toLocaleString('en')} lines read`);
  return { values, errors };
}
