// Reads MurphyRun YAML/JSON text into validated, resolved runs, or into field errors a user can
// act on. Never throws for bad input: empty files, YAML syntax errors, wrong kinds, unknown fields
// and wrong types all come back as errors with a path.
import { parseAllDocuments } from 'yaml';
import { murphyRunSchema, type MurphyRun } from './murphyrun.js';
import { crossFieldErrors, resolveSpec, type ResolvedSpec } from './resolve.js';
import { fieldErrorsFromZod, type FieldError } from './field-error.js';

export type ResolvedMurphyRun = Omit<MurphyRun, 'spec'> & { spec: ResolvedSpec };

export type LoadResult =
  | { ok: true; runs: ResolvedMurphyRun[] }
  | { ok: false; errors: FieldError[] };

/** Validates one already-parsed object (from YAML, JSON or the API server). */
export function validateMurphyRun(value: unknown, prefix = ''): LoadResult {
  const parsed = murphyRunSchema.safeParse(value, { reportInput: true });
  if (!parsed.success) return { ok: false, errors: fieldErrorsFromZod(parsed.error, prefix) };
  const crossErrors = crossFieldErrors(parsed.data.spec);
  if (crossErrors.length > 0) {
    return { ok: false, errors: crossErrors.map((e) => ({ ...e, path: prefix ? `${prefix}.${e.path}` : e.path })) };
  }
  return { ok: true, runs: [{ ...parsed.data, spec: resolveSpec(parsed.data.spec) }] };
}

/** Parses a YAML stream of MurphyRuns (JSON is YAML too). */
export function loadMurphyRuns(text: string): LoadResult {
  const documents = parseAllDocuments(text).filter((doc) => doc.contents !== null || doc.errors.length > 0);
  if (documents.length === 0) return { ok: false, errors: [{ path: '(file)', message: 'is empty: expected a MurphyRun document' }] };
  const runs: ResolvedMurphyRun[] = [];
  const errors: FieldError[] = [];
  documents.forEach((doc, index) => {
    const prefix = documents.length > 1 ? `document[${index}]` : '';
    if (doc.errors.length > 0) {
      errors.push(...doc.errors.map((e) => ({ path: prefix || '(file)', message: `is not valid YAML: ${e.message.split('\n')[0]}` })));
      return;
    }
    const result = validateMurphyRun(doc.toJS(), prefix);
    if (result.ok) runs.push(...result.runs);
    else errors.push(...result.errors);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, runs };
}
