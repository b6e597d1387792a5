// The dataset record formats murphy reads, each a zod schema plus a normaliser to ProblemRecord,
// and auto-detection from the first record: a format is taken only when the record has all that
// format needs, so a record is never read as a format whose tests it cannot run.
import type { z } from 'zod';
import { fieldErrorsFromZod } from '../api/field-error.js';
import { DatasetError } from './dataset-error.js';
import { bigCodeBenchProblem, bigCodeBenchSchema, DEFAULT_SPLIT, type BigCodeBenchSplit } from './formats/bigcodebench.js';
import { humanEvalProblem, humanEvalSchema } from './formats/humaneval.js';
import { kodcodeProblem, kodcodeSchema } from './formats/kodcode.js';
import { mbppProblem, mbppSchema } from './formats/mbpp.js';
import { murphyProblem, murphyRecordSchema } from './formats/murphy.js';
import type { ProblemRecord } from './problem.js';
import type { JsonlRecord } from './read-jsonl.js';

export type RecordFormat = 'humaneval' | 'mbpp' | 'kodcode' | 'bigcodebench' | 'murphy';

/** What a normaliser may need beyond the record: the BigCodeBench split. */
export interface NormaliseOptions {
  readonly split?: BigCodeBenchSplit | undefined;
}

interface FormatReader {
  readonly schema: z.ZodType;
  /** The fields a record of the format has, for the error of a record that fits no format. */
  readonly needs: string;
  readonly normalise: (record: never, fallbackId: string, options: { split: BigCodeBenchSplit; where: string }) => ProblemRecord;
}

const readers: Record<RecordFormat, FormatReader> = {
  murphy: { schema: murphyRecordSchema, normalise: murphyProblem, needs: 'id, question, and tests or visible and hidden, and no other fields' },
  bigcodebench: { schema: bigCodeBenchSchema, normalise: bigCodeBenchProblem, needs: 'task_id, complete_prompt or prompt, test with unittest.TestCase classes, entry_point, libs' },
  humaneval: { schema: humanEvalSchema, normalise: humanEvalProblem, needs: 'prompt, entry_point, test defining check(candidate)' },
  mbpp: { schema: mbppSchema, normalise: mbppProblem, needs: 'text, test_list' },
  kodcode: { schema: kodcodeSchema, normalise: kodcodeProblem, needs: 'question, test' },
};

/** Detection order matters: KodCode's fields are the loosest, so it is tried last. */
const DETECTION_ORDER: readonly RecordFormat[] = ['murphy', 'bigcodebench', 'humaneval', 'mbpp', 'kodcode'];

/** Why a record is not of a format: its first field error, or (murphy's is a union) what the format needs. */
function whyNot(format: RecordFormat, value: unknown): string {
  const parsed = readers[format].schema.safeParse(value, { reportInput: true });
  const first = parsed.success ? undefined : fieldErrorsFromZod(parsed.error)[0];
  if (first === undefined || first.path === '(root)') return `${format} (needs ${readers[format].needs})`;
  return `${format} (${first.path}: ${first.message})`;
}

function fieldsOf(value: unknown): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `is not a JSON object`;
  const keys = Object.keys(value);
  return keys.length === 0 ? 'has no fields' : `has fields ${keys.join(', ')}`;
}

export function detectFormat(value: unknown, source: string): RecordFormat {
  const format = DETECTION_ORDER.find((name) => readers[name].schema.safeParse(value).success);
  if (format === undefined) {
    const tried = DETECTION_ORDER.map((name) => whyNot(name, value)).join('; ');
    throw new DatasetError(`${source}:1: matches no known record format: the record ${fieldsOf(value)}; tried ${tried}. Set spec.dataset.format to the intended format to see every field it needs`);
  }
  return format;
}

export function normaliseRecord(format: RecordFormat, record: JsonlRecord, source: string, options: NormaliseOptions = {}): ProblemRecord {
  const reader = readers[format];
  const parsed = reader.schema.safeParse(record.value, { reportInput: true });
  const where = `${source}:${record.line}`;
  if (!parsed.success) {
    const first = fieldErrorsFromZod(parsed.error)[0];
    throw new DatasetError(`${where}: ${first?.path ?? '(record)'}: ${first?.message ?? 'invalid'} (as a ${format} record)`);
  }
  return reader.normalise(parsed.data as never, `${format}-${record.line}`, { split: options.split ?? DEFAULT_SPLIT, where });
}
