// Runs the Reflexion loop over every problem of every dataset, `runs` times, with a bounded number
// of problems in flight, and summarises pass@1. Records come out in a fixed order (dataset, run,
// problem), whatever order the problems finished in.
import type { PromptTemplates } from '../algorithm/templates.js';
import { Limiter } from '../coordinator/rollout/limiter.js';
import type { Problem } from '../datasets/problem.js';
import { maxIterations, type EvalDataset, type EvalSettings } from './eval-settings.js';
import { passAt1Table, type PassAt1 } from './pass-at-1.js';
import type { ProblemRecord } from './problem-record.js';
import { solveProblem, type LoopServices } from './reflexion-loop.js';

export interface LoadedDataset {
  readonly dataset: EvalDataset;
  readonly problems: readonly Problem[];
}

export interface EvaluationResult {
  readonly table: readonly PassAt1[];
  readonly records: readonly ProblemRecord[];
  readonly problems: Readonly<Record<string, number>>;
  readonly wallSeconds: number;
}

export interface EvaluationOptions {
  readonly settings: EvalSettings;
  readonly datasets: readonly LoadedDataset[];
  readonly templates: PromptTemplates;
  /** Called as each problem finishes (records streamed to disk, progress lines). */
  readonly onRecord?: (record: ProblemRecord, done: number, total: number) => void;
  readonly now?: () => number;
}

/** A service call failed for good (after the channel's retries); the message names the problem. */
export class EvaluationError extends Error {}

interface Job {
  readonly order: number;
  readonly dataset: string;
  readonly run: number;
  readonly problem: Problem;
}

function jobsOf(datasets: readonly LoadedDataset[], runs: number): Job[] {
  const jobs: Job[] = [];
  for (const { dataset, problems } of datasets) {
    for (let run = 0; run < runs; run++) {
      for (const problem of problems) jobs.push({ order: jobs.length, dataset: dataset.name, run, problem });
    }
  }
  return jobs;
}

export async function runEvaluation(services: LoopServices, options: EvaluationOptions): Promise<EvaluationResult> {
  const { settings, templates } = options;
  const now = options.now ?? Date.now;
  const started = now();
  const jobs = jobsOf(options.datasets, settings.runs);
  const limiter = new Limiter(settings.concurrency);
  const records: ProblemRecord[] = new Array<ProblemRecord>(jobs.length);
  let done = 0;
  const loop = { maxIterations: maxIterations(settings), sampling: settings.sampling, seed: settings.seed, timeoutSeconds: settings.timeoutSeconds, templates, selfReflection: settings.selfReflection };
  // After a failure no new problem starts; the ones in flight finish, then the failure is thrown.
  let failure: { readonly error: unknown } | undefined;
  await Promise.all(
    jobs.map((job) =>
      limiter.run(0, async () => {
        if (failure) return;
        try {
          const record = await solveProblem(services, job.problem, { ...loop, dataset: job.dataset, run: job.run });
          records[job.order] = record;
          options.onRecord?.(record, ++done, jobs.length);
        } catch (error) {
          failure ??= { error: new EvaluationError(`${job.dataset} ${job.problem.id} (run ${job.run + 1}): ${(error as Error).message}`, { cause: error }) };
        }
      }),
    ),
  );
  if (failure) throw failure.error;
  const names = options.datasets.map((d) => d.dataset.name);
  return {
    table: passAt1Table(names, settings.iterations, records, settings.runs),
    records,
    problems: Object.fromEntries(options.datasets.map((d) => [d.dataset.name, d.problems.length])),
    wallSeconds: (now() - started) / 1000,
  };
}
