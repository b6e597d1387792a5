// How a coordinator process ends, as its Job's podFailurePolicy reads it: 0 only when the run's
// last step is trained (its final checkpoint and progress report written), INTERRUPTED when it
// was stopped before that (SIGTERM from a pod deletion, an eviction, a drained node), so that the
// Job replaces the pod, which resumes from the saved state, without counting a failure. Anything
// else is a failure. 75 is sysexits.h's EX_TEMPFAIL: "temporary failure, try again". The trainer
// pod's launcher (images/trainer/murphy_trainer/launch.py) ends a signalled stop with it too.
export const INTERRUPTED_EXIT = 75;
export const COORDINATOR_EXIT = { finished: 0, interrupted: INTERRUPTED_EXIT } as const;
