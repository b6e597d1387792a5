// The records of the step about to train, saved in STATE_DIR/pending-step.json before its rollout
// goes to the trainer. A coordinator can stop after the trainer applied a step but before it
// recorded it: its pod deleted and the step outlasting the stop timeout, or a service gone between
// Train and the export. The next coordinator finds the step applied (resume-plan.ts) and writes
// these records to the logs then, so that no trained step is missing from metrics.jsonl.
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile } from './read-json-file.js';
import { writeAtomically } from './write-atomically.js';

export const PENDING_STEP_FILE = 'pending-step.json';

const pendingStepSchema = z.object({
  step: z.number().int().positive(),
  /** The step's line for metrics.jsonl (recoveredStepRecord). */
  record: z.record(z.string(), z.unknown()),
  /** Its lines for trees.jsonl. */
  trees: z.array(z.record(z.string(), z.unknown())),
});

export type PendingStep = z.output<typeof pendingStepSchema>;

export class PendingStepFile {
  readonly path: string;

  constructor(dir: string) {
    this.path = join(dir, PENDING_STEP_FILE);
  }

  async save(pending: PendingStep): Promise<void> {
    await writeAtomically(this.path, `${JSON.stringify(pending)}\n`);
  }

  /** The saved records of `step`; null when none were saved for it (or the file is unreadable). */
  async load(step: number): Promise<PendingStep | null> {
    const contents = await readJsonFile(this.path);
    if (!contents.found) return null;
    const parsed = pendingStepSchema.safeParse(contents.value);
    return parsed.success && parsed.data.step === step ? parsed.data : null;
  }
}
