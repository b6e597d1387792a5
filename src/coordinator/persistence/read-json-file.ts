// Reads a JSON file the coordinator wrote itself (state.json, pending-step.json): a missing file is
// an answer (nothing saved yet), text that is no JSON is left to the caller's schema to refuse.
import { readFile } from 'node:fs/promises';

export type JsonFileContents = { readonly found: false } | { readonly found: true; readonly value: unknown };

export async function readJsonFile(path: string): Promise<JsonFileContents> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { found: false };
    throw error;
  }
  try {
    return { found: true, value: JSON.parse(text) as unknown };
  } catch {
    return { found: true, value: undefined };
  }
}
