"""`python -m murphy_trainer.launch TORCHRUN-ARGS...`: torchrun itself, which the trainer pod runs, with
one difference. Stopped by a signal (its pod deleted, evicted, or the node drained), torchrun gives
its workers --shutdown-timeout seconds to drain (rank 0 finishes the calls in flight and saves a
checkpoint) and then raises SignalException, which would end the process with code 1 and a
traceback: to the pod's Job that is a failure, and the run would spend a restart on it. Here that
stop exits INTERRUPTED instead, which the Job's podFailurePolicy ignores, so the pod is replaced
and the next trainer resumes from the checkpoint just saved. Every other outcome (success, a
worker's failure) stays torchrun's own."""

import sys

from torch.distributed.elastic.multiprocessing.api import SignalException
from torch.distributed.run import main as torchrun

# "Interrupted, resume me": the same code as the coordinator's (src/coordinator/exit-codes.ts).
INTERRUPTED = 75


def main(argv: list[str] | None = None) -> int:
    try:
        torchrun(sys.argv[1:] if argv is None else argv)
    except SignalException as stop:
        print(
            f"murphy-trainer: stopped by signal {stop.sigval.name} after the workers drained; "
            "the next trainer resumes from the last checkpoint",
            file=sys.stderr,
            flush=True,
        )
        return INTERRUPTED
    return 0


if __name__ == "__main__":
    sys.exit(main())
