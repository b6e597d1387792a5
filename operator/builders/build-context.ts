// What every builder needs besides the run itself. Builders are pure: same input, same objects.
import type { ResolvedMurphyRun } from '../../src/api/load.js';
import type { Images } from '../images.js';
import { childNames, type ChildNames, type EvalLabel } from '../names.js';

/** The Jobs the operator restarts after a failure, each on its own. */
export type RestartableJob = 'trainer' | 'coordinator';

export interface BuildOptions {
  readonly images: Images;
  /** RuntimeClass of executor pods when the run sets none (the operator's --executor-runtime-class). */
  readonly executorRuntimeClass?: string | undefined;
  /** Namespace of runs that carry none (render of a file without metadata.namespace). */
  readonly defaultNamespace?: string;
  /** Scale workloads to zero (suspended or finished); storage and config stay. */
  readonly scaledDown?: boolean;
  /** Restart attempt: part of the Job templates so a restart makes fresh Jobs. */
  readonly attempt?: number;
  /** The attempt of a Job that stays as it is (only the failed component restarts), instead of attempt. */
  readonly attempts?: Partial<Record<RestartableJob, number>>;
  /** Inference and executor stay up though the run is scaled down: the final evaluation uses them. */
  readonly keepServices?: boolean;
  /** Keep the coordinator's Job suspended: the base model is evaluated before training changes it. */
  readonly holdCoordinator?: boolean;
  /** The coordinator reported the run's last step: its Job completes on its own (its pod and logs stay) instead of being suspended. */
  readonly coordinatorDone?: boolean;
  /** The evaluation Jobs to apply now (the plan-evaluation step decides; none by default). */
  readonly evaluationJobs?: readonly EvalLabel[];
}

export interface BuildContext {
  readonly run: ResolvedMurphyRun;
  readonly name: string;
  readonly namespace: string;
  readonly names: ChildNames;
  readonly images: Images;
  readonly executorRuntimeClass: string | undefined;
  readonly scaledDown: boolean;
  readonly attempt: number;
  readonly attempts: Partial<Record<RestartableJob, number>>;
  readonly keepServices: boolean;
  readonly holdCoordinator: boolean;
  readonly coordinatorDone: boolean;
  readonly evaluationJobs: readonly EvalLabel[];
}

export function buildContext(run: ResolvedMurphyRun, options: BuildOptions): BuildContext {
  const name = run.metadata.name;
  return {
    run,
    name,
    namespace: run.metadata.namespace ?? options.defaultNamespace ?? 'default',
    names: childNames(name),
    images: options.images,
    executorRuntimeClass: options.executorRuntimeClass,
    scaledDown: options.scaledDown ?? run.spec.suspend,
    attempt: options.attempt ?? 0,
    attempts: options.attempts ?? {},
    keepServices: options.keepServices ?? false,
    holdCoordinator: options.holdCoordinator ?? false,
    coordinatorDone: options.coordinatorDone ?? false,
    evaluationJobs: options.evaluationJobs ?? [],
  };
}
