// The executor engine: a pool of warm sandboxed zygotes running jobs, used by the gRPC server
// and by `murphy exec`. Each test runs in a fresh process forked from a pristine interpreter.
import { usableCpus } from './cpus.js';
import { defaultLimits, failedResults, score, type ExecutionResult, type Job, type Limits } from './job.js';
import { prepareWorkArea, type WorkArea } from './harness-files.js';
import { Pool } from './pool.js';
import { prepareRuntime, type RuntimeOptions } from './program-runtime.js';
import { zygoteCommand, type SandboxMode } from './sandbox.js';
import { Zygote, type Confinement, type RunOutcome } from './zygote.js';

/** `sandbox`, `python` and `passEnv`: see program-runtime.ts. */
export interface EngineOptions extends RuntimeOptions {
  /** Runs at once; default and maximum: the CPUs the executor may use (src/executor/cpus.ts). */
  readonly concurrency?: number;
  /** Requests that may wait for a slot; default: 4 per slot. */
  readonly queueCapacity?: number;
  readonly limits?: Partial<Limits>;
}

/** Extra time the executor allows a runner beyond the request's limit before it kills the slot. */
const SUPERVISION_GRACE_MS = 5_000;

// Each slot gets two unprivileged users when we are root, unique to this executor process: one
// for its programs, one for its judge (as untrusted as the program: test code may run what the
// program wrote), so that killing "every process of the user" reaches exactly one run, and
// neither side of a test can signal, trace or read the other.
const SLOT_UIDS_PER_EXECUTOR = 128;

/** The uids [first, end) an executor process of `pid` gives its slots when it is root. */
export function slotUidRange(pid = process.pid): [number, number] {
  const first = 1_000_000 + pid * SLOT_UIDS_PER_EXECUTOR;
  return [first, first + SLOT_UIDS_PER_EXECUTOR];
}

function slotUsers(slot: number): { uid: number | null; judgeUid: number | null } {
  if (process.getuid?.() !== 0) return { uid: null, judgeUid: null };
  const uid = slotUidRange()[0] + 2 * slot;
  return { uid, judgeUid: uid + 1 };
}

/** Slots: as asked, but never more than the CPUs (each slot is pinned to its own). */
function slotCount(asked: number | undefined, cpus: number): { concurrency: number; warning?: string } {
  const concurrency = Math.max(1, Math.min(asked ?? cpus, cpus));
  if (asked === undefined || asked <= cpus) return { concurrency };
  return { concurrency, warning: `concurrency ${asked} capped at ${cpus}: this executor may use ${cpus} CPUs, and more busy slots than CPUs would let one slot's processes starve another's tests` };
}

function confinementWarnings(sandbox: SandboxMode, confinement: Confinement | undefined): string[] {
  if (confinement === undefined || confinement.landlock > 0) return [];
  const scope = sandbox === 'process' ? 'programs can write to world-writable host directories and signal processes of their user' : 'the bwrap namespaces still confine files and processes';
  return ['the kernel offers no Landlock: ' + scope];
}

interface EngineParts {
  readonly sandbox: SandboxMode;
  readonly concurrency: number;
  readonly confinement: Confinement;
  readonly warnings: readonly string[];
  readonly pool: Pool<Job, RunOutcome>;
  readonly area: WorkArea;
}

export class Engine {
  readonly sandbox: SandboxMode;
  readonly concurrency: number;
  /** What confines program processes (as the first slot reported it). */
  readonly confinement: Confinement;
  /** Things whoever runs this executor should know (e.g. a capped concurrency). */
  readonly warnings: readonly string[];
  private readonly pool: Pool<Job, RunOutcome>;
  private readonly area: WorkArea;

  private constructor(parts: EngineParts) {
    ({ sandbox: this.sandbox, concurrency: this.concurrency, confinement: this.confinement, warnings: this.warnings, pool: this.pool, area: this.area } = parts);
  }

  static async start(options: EngineOptions = {}): Promise<Engine> {
    const area = prepareWorkArea();
    try {
      const { sandbox, layout, warnings: runtimeWarnings } = prepareRuntime(options, area);
      const { concurrency, warning } = slotCount(options.concurrency, usableCpus());
      const limits = { ...defaultLimits, ...options.limits };
      let confinement: Confinement | undefined;
      const pool = new Pool<Job, RunOutcome>({
        size: concurrency,
        queueCapacity: options.queueCapacity ?? 4 * concurrency,
        startSlot: async (slot) => {
          const zygote = await Zygote.start(zygoteCommand(sandbox, layout, slot), { ...slotUsers(slot), cpu: slot, runDir: '', limits, privateTmp: sandbox === 'bwrap' });
          confinement ??= zygote.confinement;
          return zygote;
        },
        spoiled: (outcome) => outcome.kind === 'failed',
      });
      await pool.start();
      const warnings = [...(warning ? [warning] : []), ...runtimeWarnings, ...confinementWarnings(sandbox, confinement)];
      return new Engine({ sandbox, concurrency, confinement: confinement ?? { seccomp: false, landlock: 0, cpu: null }, warnings, pool, area });
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
