// The executor engine: a pool of warm sandboxed zygotes running jobs, used by the gRPC server
// and by `murphy exec`. Each test runs in a fresh process forked from a pristine interpreter.
import { usableCpus } from './cpus.js';
import { defaultLimits, failedResults, score, type ExecutionResult, type Job, type Limits } from './job.js';
import { prepareWorkArea, type WorkArea } from './harness-files.js';
import { Pool } from './pool.js';
import { resolvePython } from './python.js';
import { chooseSandbox, zygoteCommand, type SandboxChoice, type SandboxLayout, type SandboxMode } from './sandbox.js';
import { Zygote, type Confinement, type RunOutcome } from './zygote.js';

export interface EngineOptions {
  readonly sandbox?: SandboxChoice;
  /** Runs at once; default and maximum: the CPUs the executor may use (src/executor/cpus.ts). */
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
      const layout: SandboxLayout = { python: resolvePython(), harnessDir: area.harnessDir, workDir: area.workDir, root: process.getuid?.() === 0 };
      const sandbox = chooseSandbox(options.sandbox ?? 'auto', layout);
      const { concurrency, warning } = slotCount(options.concurrency, usableCpus());
      const limits = { ...defaultLimits, ...options.limits };
      let confinement: Confinement | undefined;
      const pool = new Pool<Job, RunOutcome>({
        size: concurrency,
        queueCapacity: options.queueCapacity ?? 4 * concurrency,
        startSlot: async (slot) => {
          const zygote = await Zygote.start(zygoteCommand(sandbox, layout, slot), { uid: slotUid(slot), cpu: slot, runDir: '', limits });
          confinement ??= zygote.confinement;
          return zygote;
        },
        spoiled: (outcome) => outcome.kind === 'failed',
      });
      await pool.start();
      const warnings = [...(warning ? [warning] : []), ...confinementWarnings(sandbox, confinement)];
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
