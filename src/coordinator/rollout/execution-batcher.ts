// Sends the programs of one problem that are ready in the same turn of the event loop (the
// completions of a group arrive together) as one ExecuteBatch call: one call instead of one per
// completion. Each call holds one unit of the executor limiter per program, and a batch never
// holds more programs than the limiter's capacity (it holds them until its last program ends), so
// the work in flight stays bounded as before.
// Every program still settles on its own, as soon as it ends (results are streamed): a slow
// program does not hold back its siblings' feedback.
import { allTests, type Problem } from '../../datasets/problem.js';
import type { ExecutorClient, ProgramOutcome, TestOutcome } from '../clients/service-clients.js';
import type { Limiter } from './limiter.js';

export interface BatcherDeps {
  readonly executor: ExecutorClient;
  readonly limiter: Limiter;
  /** Per-test time limit. */
  readonly timeoutSeconds: number;
  /** Reports each call's duration. */
  readonly onCall: (seconds: number) => void;
  readonly now: () => number;
  /** Once aborted, batches waiting for the limiter are not sent: their programs reject. */
  readonly signal?: AbortSignal;
}

interface Program {
  readonly code: string;
  readonly resolve: (outcomes: readonly TestOutcome[]) => void;
  readonly reject: (error: unknown) => void;
}

interface Batch {
  readonly problem: Problem;
  priority: number;
  readonly programs: Program[];
}

function settle(program: Program, outcome: ProgramOutcome): void {
  if ('outcomes' in outcome) program.resolve(outcome.outcomes);
  else program.reject(outcome.error);
}

export class ExecutionBatcher {
  private readonly open = new Map<Problem, Batch>();

  constructor(private readonly deps: BatcherDeps) {}

  /** The outcome of each of the problem's tests on `code`; rejects with the program's or the call's error. */
  execute(problem: Problem, code: string, priority: number): Promise<readonly TestOutcome[]> {
    const batch = this.open.get(problem) ?? this.openBatch(problem, priority);
    batch.priority = Math.max(batch.priority, priority);
    const result = new Promise<readonly TestOutcome[]>((resolve, reject) => batch.programs.push({ code, resolve, reject }));
    if (batch.programs.length >= this.deps.limiter.capacity) this.open.delete(problem);
    return result;
  }

  private openBatch(problem: Problem, priority: number): Batch {
    const batch: Batch = { problem, priority, programs: [] };
    this.open.set(problem, batch);
    setImmediate(() => {
      if (this.open.get(problem) === batch) this.open.delete(problem);
      void this.send(batch);
    });
    return batch;
  }

  private async send({ problem, priority, programs }: Batch): Promise<void> {
    const { executor, limiter, timeoutSeconds, onCall, now } = this.deps;
    const request = { codes: programs.map((p) => p.code), setup: problem.setup, tests: allTests(problem), timeoutSeconds };
    await limiter.run(priority, async () => {
      if (this.deps.signal?.aborted) return void programs.forEach((program) => program.reject(this.deps.signal?.reason));
      const start = now();
      try {
        await executor.executeBatch(request, (index, outcome) => settle(programs[index] as Program, outcome));
      } catch (error) {
        programs.forEach((program) => program.reject(error)); // a client that broke its contract: nobody waits forever
      }
      onCall((now() - start) / 1000);
    }, programs.length);
  }
}
