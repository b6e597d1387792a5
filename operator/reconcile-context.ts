// What one reconcile of one run knows and decides, passed along the ordered steps.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { ResolvedMurphyRun } from '../src/api/load.js';
import type { MurphyRunStatus } from '../src/api/murphyrun.js';
import type { KubeClient } from '../src/k8s/kube-client.js';
import type { ChildWriter } from './child-writer.js';
import type { EventRecorder, RunEvent } from './runtime/event-recorder.js';
import type { Images } from './images.js';
import type { ObjectStore } from './runtime/object-store.js';
import type { EvaluationPlan } from './steps/evaluation-plan.js';

/** A MurphyRun as the caches hold it. */
export type MurphyRunObject = KubernetesObject & { spec?: unknown; status?: MurphyRunStatus };

export interface OperatorSettings {
  readonly images: Images;
  /** Restarts from the last checkpoint before the run is Failed. */
  readonly restartLimit: number;
  /** Wait before restart n is this times 2^n (capped at five minutes). */
  readonly restartBackoffMs: number;
  /**
   * RuntimeClass of executor pods whose run sets no spec.executor.runtimeClassName: `auto` (the
   * default: gvisor where the cluster has that RuntimeClass), `none` or a name.
   */
  readonly executorRuntimeClass?: string | undefined;
}

export interface ReconcileDeps {
  readonly client: KubeClient;
  readonly store: ObjectStore;
  readonly writer: ChildWriter;
  readonly events: EventRecorder;
  readonly settings: OperatorSettings;
  readonly clock: () => Date;
}

export interface ReconcileContext {
  readonly run: MurphyRunObject;
  readonly namespace: string;
  readonly now: Date;
  resolved?: ResolvedMurphyRun;
  restartCount: number;
  failure?: { reason: string; message: string };
  restarting?: string;
  requeueAfterMs?: number;
  /** The coordinator reported the run's last step (set by the check-training step). */
  trainingComplete?: boolean;
  /** A trainer or coordinator Job that completed before the run's last step: restart-failed treats it as failed. */
  stoppedEarly?: { readonly job: string; readonly message: string };
  /** Set by the plan-evaluation step. */
  evaluation?: EvaluationPlan;
  /** Children deleted in this reconcile (the caches still show them). */
  readonly deleted: Set<string>;
  readonly events: RunEvent[];
}

export type StepOutcome = 'continue' | 'stop';

export interface Step {
  readonly name: string;
  run(ctx: ReconcileContext, deps: ReconcileDeps): Promise<StepOutcome>;
}

export type Child = KubernetesObject;
