// The dataset record formats murphy reads, each a zod schema plus a normaliser to ProblemRecord,
// and auto-detection from the first record.
import type { z } from 'zod';
import { fieldErrorsFromZod } from '../api/field-error.js';
import { DatasetError } from './dataset-error.js';
import { humanEvalProblem, humanEvalSchema } from './formats/humaneval.js';
import { kodcodeProblem, kodcodeSchema } from './formats/kodcode.js';
import { mbppProblem, mbppSchema } from './formats/mbpp.js';
import { murphyProblem, murphyRecordSchema } from './formats/murphy.js';
import type { ProblemRecord } from './problem.js';
import type { JsonlRecord } from './read-jsonl.js';

export type RecordFormat = 'humaneval' | 'mbpp' | 'kodcode' | 'murphy';

interface FormatReader {
  readonly schema: z.ZodType;
  readonly normalise: (record: never, fallbackId: string) => ProblemRecord;
}

const readers: Record<RecordFormat, FormatReader> = {
  murphy: { schema: murphyRecordSchema, normalise: murphyProblem },
  humaneval: { schema: humanEvalSchema, normalise: humanEvalProblem },
  mbpp: { schema: mbppSchema, normalise: mbppProblem },
  kodcode: { schema: kodcodeSchema, normalise: kodcodeProblem },
};

/** Detection order matters: KodCode's fields are the loosest, so it is tried last. */
const DETECTION_ORDER: readonly RecordFormat[] = ['murphy', 'humaneval', 'mbpp', 'kodcode'];

export function detectFormat(value: unknown, source: string): RecordFormat {
  const format = DETECTION_ORDER.find((name) => readers[name].schema.safeParse(value).success);
  if (format === undefined) {
    throw new DatasetError(
      `${source}:1: matches no known record format (murphy, humaneval, mbpp, kodcode); set spec.dataset.format to see which field is wrong`,
    );
  }
  return format;
}

export function normaliseRecord(format: RecordFormat, record: JsonlRecord, source: string): ProblemRecord {
  const reader = readers[format];
  const parsed = reader.schema.safeParse(record.value, { reportInput: true });
  if (!parsed.success) {
    const first = fieldErrorsFromZod(parsed.error)[0];
    throw new DatasetError(`${source}:${record.line}: ${first?.path ?? '(record)'}: ${first?.message ?? 'invalid'} (as a ${format} record)`);
  }
  return reader.normalise(parsed.data as never, `${format}-${record.line}`);
}
