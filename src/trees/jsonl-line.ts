// Parsing one line of a JSONL file against a schema, with what went wrong said in one line that names
// the line's number and the field (never an exception with a stack).
import type { z } from 'zod';
import { fieldErrorsFromZod } from '../api/field-error.js';

/** A wrong value is quoted in the message; a long one (a whole program) is cut to keep the line readable. */
const MAX_ERROR_LENGTH = 300;

const oneLine = (text: string) => (text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text);

export type LineResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** `source:line: what is wrong` or the parsed value; `lineNumber` counts from 1. */
export function parseJsonlLine<T>(text: string, lineNumber: number, source: string, schema: z.ZodType<T>): LineResult<T> {
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch (error) {
    return { ok: false, error: `${source}:${lineNumber}: not valid JSON (${(error as Error).message})` };
  }
  const parsed = schema.safeParse(json, { reportInput: true });
  if (parsed.success) return { ok: true, value: parsed.data };
  const [first] = fieldErrorsFromZod(parsed.error);
  return { ok: false, error: oneLine(`${source}:${lineNumber}: ${first?.path ?? '(root)'}: ${first?.message ?? 'malformed'}`) };
}
