// The executor engine: a pool of warm sandboxed zygotes running jobs, used by the gRPC server
// and by `murphy exec`. Each test runs in a fresh process forked from a pristine interpreter.
import { availableParallelism } from 'node:os';
import { defaultLimits, failedResults, score, type ExecutionResult, type Job, type Limits } from './job.js';
import { prepareWorkArea, type WorkArea } from './harness-files.js';
import { Pool } from './pool.js';
import { resolvePython } from './python.js';
import { chooseSandbox, zygoteCommand, type SandboxChoice, type SandboxLayout, type SandboxMode } from './sandbox.js';
import { Zygote, type RunOutcome } from './zygote.js';

export interface EngineOptions {
  readonly sandbox?: SandboxChoice;
  /** Runs at once; default: the number of cores. */
  readonly concurrency?: number;
  /** Requests that may wait for a slot; default: 4 per slot. */
  readonly queueCapacity?: number;
  readonly limits?: Partial<Limits>;
}

/** Extra time the executor allows a runner beyond the request's limit before it kills the slot. */
const SUPERVISION_GRACE_MS = 5_000;

// Each slot gets its own unprivileged user when we are root, unique to this executor process,
// so that killing "every process of the user" reaches exactly one run.
function slotUid(slot: number): number | null {
  return process.getuid?.() === 0 ? 1_000_000 + process.pid * 64 + slot : null;
}

export class Engine {
  private constructor(
    readonly sandbox: SandboxMode,
    readonly concurrency: number,
    private readonly pool: Pool<Job, RunOutcome>,
    private readonly area: WorkArea,
  ) {}

  static async start(options: EngineOptions = {}): Promise<Engine> {
    const area = prepareWorkArea();
    try {
      const layout: SandboxLayout = { python: resolvePython(), harnessDir: area.harnessDir, workDir: area.workDir, root: process.getuid?.() === 0 };
      const sandbox = chooseSandbox(options.sandbox ?? 'auto', layout);
      const concurrency = Math.max(1, options.concurrency ?? availableParallelism());
      const limits = { ...defaultLimits, ...options.limits };
      const pool = new Pool<Job, RunOutcome>({
        size: concurrency,
        queueCapacity: options.queueCapacity ?? 4 * concurrency,
        startSlot: (slot) => Zygote.start(zygoteCommand(sandbox, layout, slot), { uid: slotUid(slot), runDir: '', limits }),
        spoiled: (outcome) => outcome.kind === 'failed',
      });
      await pool.start();
      return new Engine(sandbox, concurrency, pool, area);
    } catch (error) {
      area.remove();
      throw error;
    }
  }

  /** The read-only copy of the harness this engine's programs are judged by. */
  get harnessDir(): string {
    return this.area.harnessDir;
  }

  stats(): ReturnType<Pool<Job, RunOutcome>['stats']> {
    return this.pool.stats();
  }

  /** Runs a job; rejects with QueueFullError/DrainingError when it cannot be admitted. */
  async execute(job: Job, signal?: AbortSignal): Promise<ExecutionResult> {
    const started = process.hrtime.bigint();
    const outcome = await this.pool.run(job, job.timeoutSeconds * 1000 + SUPERVISION_GRACE_MS, signal);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (outcome.kind === 'results') return score(outcome.results, this.sandbox, seconds);
    const status = outcome.reason === 'crashed' ? 'crashed' : 'timeout';
    return score(failedResults(job, status, outcome.detail), this.sandbox, seconds);
  }

  drain(): Promise<void> {
    return this.pool.drain();
  }

  async close(): Promise<void> {
    await this.pool.close();
    this.area.remove();
  }
}
