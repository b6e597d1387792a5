// Loads spec.dataset into problems: a built-in set (builtin:mini, builtin:constants,
// builtin:constants-heldout) or a JSONL file (gzip too) in any supported
// format, limited, without the problems spec.dataset.skipProblems lists, with the visible/hidden
// split drawn. Relative paths are resolved against the directory of the MurphyRun file (baseDir),
// like paths in a compose file.
import { isAbsolute, resolve } from 'node:path';
import type { DatasetSpec } from '../api/murphyrun.js';
import { CONSTANTS_HELDOUT, CONSTANTS_TRAIN } from './builtin/constants.js';
import { MINI_PROBLEMS } from './builtin/mini.js';
import { DatasetError } from './dataset-error.js';
import { detectFormat, normaliseRecord, type RecordFormat } from './record-formats.js';
import type { Problem, ProblemRecord } from './problem.js';
import { readJsonl, type JsonlRecord } from './read-jsonl.js';
import { readSkipList } from './skip-problems.js';
import { splitTests } from './split-tests.js';

export type { DatasetSpec };

/** Told once per load that skipped problems: the skip list and how many of its ids the dataset had. */
export type SkipNotice = (notice: { readonly source: string; readonly list: string; readonly skipped: number }) => void;

export function skipNoticeText(notice: Parameters<SkipNotice>[0]): string {
  return `${notice.source}: skipped ${notice.skipped} problem(s) listed in ${notice.list}`;
}

export const BUILTIN_DATASETS: Readonly<Record<string, readonly unknown[]>> = {
  'builtin:mini': MINI_PROBLEMS,
  'builtin:constants': CONSTANTS_TRAIN,
  'builtin:constants-heldout': CONSTANTS_HELDOUT,
};

const located = (path: string, baseDir: string): string => (isAbsolute(path) ? path : resolve(baseDir, path));

async function recordsOf(spec: DatasetSpec, baseDir: string): Promise<{ records: JsonlRecord[]; source: string }> {
  const builtin = BUILTIN_DATASETS[spec.source];
  if (builtin) return { records: builtin.map((value, i) => ({ line: i + 1, value })), source: spec.source };
  if (spec.source.startsWith('builtin:')) {
    throw new DatasetError(`spec.dataset.source: unknown built-in dataset "${spec.source}"; use one of ${Object.keys(BUILTIN_DATASETS).join(', ')} or a JSONL file`);
  }
  const path = located(spec.source, baseDir);
  return { records: await readJsonl(path), source: path };
}

function checkUniqueIds(records: readonly ProblemRecord[], source: string): void {
  const seen = new Set<string>();
  for (const record of records) {
    if (seen.has(record.id)) throw new DatasetError(`${source}: problem id "${record.id}" appears twice; ids must be unique`);
    seen.add(record.id);
  }
}

/** The records with tests, in file order, before the visible/hidden split (what the ground-truth check runs). */
export function normaliseRecords(records: readonly JsonlRecord[], spec: DatasetSpec, source: string): ProblemRecord[] {
  const first = records[0];
  if (first === undefined) throw new DatasetError(`${source}: has no records; expected one JSON problem per line`);
  const format: RecordFormat = spec.format === 'auto' ? detectFormat(first.value, source) : spec.format;
  const limited = spec.limit === undefined ? records : records.slice(0, spec.limit);
  const normalised = limited.map((record) => normaliseRecord(format, record, source, { split: spec.split }));
  const withTests = normalised.filter((problem) => problem.tests.length > 0);
  if (withTests.length === 0) throw new DatasetError(`${source}: no problem has any test; murphy needs tests to compute rewards`);
  checkUniqueIds(withTests, source);
  return withTests;
}

/** The spec's records (limited, with tests), not yet split and with nothing skipped. */
export async function loadProblemRecords(spec: DatasetSpec, baseDir: string): Promise<{ records: ProblemRecord[]; source: string }> {
  const { records, source } = await recordsOf(spec, baseDir);
  return { records: normaliseRecords(records, spec, source), source };
}

export async function loadDataset(spec: DatasetSpec, baseDir: string, onSkipped?: SkipNotice): Promise<Problem[]> {
  const { records, source } = await loadProblemRecords(spec, baseDir);
  let kept = records;
  if (spec.skipProblems !== undefined) {
    const list = located(spec.skipProblems, baseDir);
    const skip = await readSkipList(list);
    kept = records.filter((record) => !skip.has(record.id));
    onSkipped?.({ source, list, skipped: records.length - kept.length });
    if (kept.length === 0) throw new DatasetError(`${source}: ${list} skips every problem; nothing is left to train or evaluate on`);
  }
  return kept.map((record) => splitTests(record, spec.visibleTests, spec.seed));
}
