// The coordinator's state, saved after every step into STATE_DIR/state.json (write to a temporary
// file, then rename, so a crash never leaves half a file). A restarted coordinator reads it and
// continues with the next step: the cursor says which problems come next, the seeds that the
// random streams are the same, the checkpoint which weights the trainer should be at.
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile } from './read-json-file.js';
import { writeAtomically } from './write-atomically.js';

export const runStateSchema = z.object({
  version: z.literal(1),
  /** Last completed step (0 before the first). */
  step: z.number().int().nonnegative(),
  totalSteps: z.number().int().nonnegative(),
  /** Position of the next problem in the dataset's shuffled sequence. */
  cursor: z.number().int().nonnegative(),
  seeds: z.object({ training: z.number().int(), dataset: z.number().int() }),
  policyVersion: z.number().int(),
  weightsPath: z.string().optional(),
  /** The last trainer checkpoint, with what the run needs to continue from it. */
  lastCheckpoint: z
    .object({ step: z.number().int(), path: z.string(), time: z.string(), cursor: z.number().int(), policyVersion: z.number().int() })
    .optional(),
  /** Pass rate per turn of the last step. */
  passRates: z.array(z.number()).default([]),
  updatedAt: z.string(),
});

export type RunState = z.output<typeof runStateSchema>;

export const STATE_FILE = 'state.json';

export function initialState(seeds: RunState['seeds'], totalSteps: number, now: Date): RunState {
  return { version: 1, step: 0, totalSteps, cursor: 0, seeds, policyVersion: 0, passRates: [], updatedAt: now.toISOString() };
}

export class StateStore {
  constructor(private readonly dir: string) {}

  get path(): string {
    return join(this.dir, STATE_FILE);
  }

  /** The saved state, or null when the run has not completed a step yet. */
  async load(): Promise<RunState | null> {
    const contents = await readJsonFile(this.path);
    if (!contents.found) return null;
    const parsed = runStateSchema.safeParse(contents.value);
    if (!parsed.success) {
      throw new Error(`${this.path} is not a murphy coordinator state (${parsed.error.issues[0]?.message ?? 'invalid'}); move it away to start the run afresh`);
    }
    return parsed.data;
  }

  async save(state: RunState): Promise<void> {
    await writeAtomically(this.path, `${JSON.stringify(state, null, 2)}\n`);
  }
}
