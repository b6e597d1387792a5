// When spec.evaluation's Jobs run, as one pure decision. The base model is evaluated once
// inference and executor are ready and before the coordinator starts (the coordinator pushes new
// weights into inference, so a base evaluation alongside training would measure a moving model):
// the coordinator's Job stays suspended until the base evaluation has finished, however it ended.
// The final model is evaluated after the coordinator's Job succeeded; inference and executor stay
// up until that evaluation has finished, and only then is the run done.
import type { EvalLabel } from '../names.js';
import { isFinished, type JobState } from '../status/job-state.js';

export interface EvaluationFacts {
  /** spec.evaluation is set. */
  readonly requested: boolean;
  readonly baseModel: boolean;
  /** Inference and executor have their ready replicas. */
  readonly servicesReady: boolean;
  /** Training has begun: the coordinator ran, reported a step, or the run restarted. */
  readonly trainingStarted: boolean;
  readonly trainingComplete: boolean;
  /** Suspended or failed: start nothing new. */
  readonly stopped: boolean;
  readonly base: JobState;
  readonly final: JobState;
}

export interface EvaluationPlan {
  /** The evaluation Jobs to apply now. */
  readonly jobs: readonly EvalLabel[];
  readonly holdCoordinator: boolean;
  /** The final evaluation runs (or is about to): inference and executor stay up. */
  readonly evaluatingFinal: boolean;
  /** Nothing is left to evaluate (or nothing was asked for). */
  readonly finished: boolean;
}

export const NO_EVALUATION: EvaluationPlan = { jobs: [], holdCoordinator: false, evaluatingFinal: false, finished: true };

function baseJob(facts: EvaluationFacts): { due: boolean; apply: boolean } {
  // A run that already trained (e.g. baseModel added later) has no base model left to serve.
  const due = facts.baseModel && (facts.base !== 'absent' || !facts.trainingStarted);
  return { due, apply: due && (facts.base !== 'absent' || (facts.servicesReady && !facts.stopped)) };
}

export function planEvaluation(facts: EvaluationFacts): EvaluationPlan {
  if (!facts.requested) return NO_EVALUATION;
  const base = baseJob(facts);
  const finalDue = facts.trainingComplete && (facts.final !== 'absent' || !facts.stopped);
  const jobs: EvalLabel[] = [...(base.apply ? (['base'] as const) : []), ...(finalDue ? (['final'] as const) : [])];
  return {
    jobs,
    holdCoordinator: base.due && !isFinished(facts.base),
    evaluatingFinal: finalDue && !facts.stopped && !isFinished(facts.final),
    finished: isFinished(facts.final),
  };
}
