// The reconcile, as an ordered list of steps (each in its own module). Status is not a step: the
// reconciler computes it from the world after the steps and writes it once.
import type { Step } from '../reconcile-context.js';
import { applyChildren } from './apply-children.js';
import { checkTraining } from './check-training.js';
import { planEvaluationStep } from './plan-evaluation.js';
import { reportSandbox } from './report-sandbox.js';
import { restartFailed } from './restart-failed.js';
import { validateSpec } from './validate-spec.js';

export const steps: readonly Step[] = [validateSpec, checkTraining, restartFailed, planEvaluationStep, applyChildren, reportSandbox];
