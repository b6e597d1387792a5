// Loads spec.dataset into problems: a built-in set (builtin:mini, builtin:constants,
// builtin:constants-heldout) or a JSONL file (gzip too) in any supported
// format, limited, with the visible/hidden split drawn. Relative paths are resolved against the
// directory of the MurphyRun file (baseDir), like paths in a compose file.
import { isAbsolute, resolve } from 'node:path';
import type { DatasetSpec } from '../api/murphyrun.js';
import { CONSTANTS_HELDOUT, CONSTANTS_TRAIN } from './builtin/constants.js';
import { MINI_PROBLEMS } from './builtin/mini.js';
import { DatasetError } from './dataset-error.js';
import { detectFormat, normaliseRecord, type RecordFormat } from './record-formats.js';
import type { Problem, ProblemRecord } from './problem.js';
import { readJsonl, type JsonlRecord } from './read-jsonl.js';
import { splitTests } from './split-tests.js';

export type { DatasetSpec };

export const BUILTIN_DATASETS: Readonly<Record<string, readonly unknown[]>> = {
  'builtin:mini': MINI_PROBLEMS,
  'builtin:constants': CONSTANTS_TRAIN,
  'builtin:constants-heldout': CONSTANTS_HELDOUT,
};

async function recordsOf(spec: DatasetSpec, baseDir: string): Promise<{ records: JsonlRecord[]; source: string }> {
  const builtin = BUILTIN_DATASETS[spec.source];
  if (builtin) return { records: builtin.map((value, i) => ({ line: i + 1, value })), source: spec.source };
  if (spec.source.startsWith('builtin:')) {
    throw new DatasetError(`spec.dataset.source: unknown built-in dataset "${spec.source}"; use one of ${Object.keys(BUILTIN_DATASETS).join(', ')} or a JSONL file`);
  }
  const path = isAbsolute(spec.source) ? spec.source : resolve(baseDir, spec.source);
  return { records: await readJsonl(path), source: path };
}

function checkUniqueIds(records: readonly ProblemRecord[], source: string): void {
  const seen = new Set<string>();
  for (const record of records) {
    if (seen.has(record.id)) throw new DatasetError(`${source}: problem id "${record.id}" appears twice; ids must be unique`);
    seen.add(record.id);
  }
}

export function normaliseAll(records: readonly JsonlRecord[], spec: DatasetSpec, source: string): Problem[] {
  const first = records[0];
  if (first === undefined) throw new DatasetError(`${source}: has no records; expected one JSON problem per line`);
  const format: RecordFormat = spec.format === 'auto' ? detectFormat(first.value, source) : spec.format;
  const limited = spec.limit === undefined ? records : records.slice(0, spec.limit);
  const normalised = limited.map((record) => normaliseRecord(format, record, source));
  const withTests = normalised.filter((problem) => problem.tests.length > 0);
  if (withTests.length === 0) throw new DatasetError(`${source}: no problem has any test; murphy needs tests to compute rewards`);
  checkUniqueIds(withTests, source);
  return withTests.map((record) => splitTests(record, spec.visibleTests, spec.seed));
}

export async function loadDataset(spec: DatasetSpec, baseDir: string): Promise<Problem[]> {
  const { records, source } = await recordsOf(spec, baseDir);
  return normaliseAll(records, spec, source);
}
