// Errors a user can act on (bad dataset, a trainer that does not fit the saved state, a step that
// lost most of its samples, a service that never came up) are printed as one line, not a stack.
import { UsageError } from '../user-input/usage-error.js';
import { ResumeError } from '../coordinator/persistence/resume-plan.js';
import { StepError } from '../coordinator/step/step-runner.js';
import { DatasetError } from '../datasets/dataset-error.js';

export class ServiceStartError extends Error {}

const USER_ERRORS = [DatasetError, ResumeError, StepError, ServiceStartError];

export async function asUserErrors<T>(task: () => Promise<T>): Promise<T> {
  try {
    return await task();
  } catch (error) {
    if (USER_ERRORS.some((kind) => error instanceof kind)) throw new UsageError((error as Error).message);
    throw error;
  }
}
