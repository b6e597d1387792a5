// Where a restarted coordinator continues, given its saved state and the trainer's policy version
// (the number of steps the trainer has applied). Usually they agree. When they do not:
// - the trainer is one step ahead: the coordinator died after Train but before saving the step, so
//   that step counts as done (training on it again would repeat it);
// - the trainer restarted from its last checkpoint: the run continues from that checkpoint's step
//   (the steps after it are lost with the trainer's memory and run again, on the same problems).
import type { RunState } from './run-state.js';

export type ResumePlan =
  | { readonly kind: 'continue'; readonly state: RunState }
  | { readonly kind: 'applied'; readonly state: RunState; readonly note: string }
  | { readonly kind: 'rollback'; readonly state: RunState; readonly note: string };

export class ResumeError extends Error {}

export function planResume(saved: RunState, trainerVersion: number, promptsPerStep: number): ResumePlan {
  if (trainerVersion === saved.policyVersion) return { kind: 'continue', state: saved };
  if (trainerVersion === saved.policyVersion + 1) {
    const step = saved.step + 1;
    return {
      kind: 'applied',
      state: { ...saved, step, cursor: saved.cursor + promptsPerStep, policyVersion: trainerVersion },
      note: `step ${step} was trained before the coordinator stopped; continuing after it`,
    };
  }
  const checkpoint = saved.lastCheckpoint ?? { step: 0, cursor: 0, policyVersion: 0 };
  if (trainerVersion === checkpoint.policyVersion && checkpoint.step < saved.step) {
    return {
      kind: 'rollback',
      state: { ...saved, step: checkpoint.step, cursor: checkpoint.cursor, policyVersion: trainerVersion },
      note: `the trainer restarted from the checkpoint of step ${checkpoint.step}; steps ${checkpoint.step + 1}-${saved.step} run again`,
    };
  }
  throw new ResumeError(
    `the trainer is at policy version ${trainerVersion}, but the saved state is at step ${saved.step} (policy version ${saved.policyVersion}, last checkpoint at step ${checkpoint.step}); start the trainer from this run's checkpoint directory or start a new run`,
  );
}

/** A fresh run needs a fresh trainer. */
export function checkFreshTrainer(trainerVersion: number, checkpointHint: string): void {
  if (trainerVersion !== 0) {
    throw new ResumeError(
      `the trainer is at policy version ${trainerVersion} but this run has no saved state; ${checkpointHint}`,
    );
  }
}
