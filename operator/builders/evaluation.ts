// spec.evaluation as Kubernetes objects: one Job per evaluated model (`base` before training,
// `final` after it), each running `murphy eval` against the run's own inference and executor
// Services, and the least privilege the Jobs need to hand their reports to the operator:
// `get`/`patch` on the run's one `<run>-evaluation` ConfigMap, which the operator pre-creates.
// Which Jobs exist at a given moment is the plan-evaluation step's decision, not the builders'.
import type { KubernetesObject, V1ConfigMap, V1Container, V1Job } from '@kubernetes/client-node';
import { PROGRESS_ENV } from '../../src/k8s/progress-reporter.js';
import type { EvalLabel } from '../names.js';
import type { BuildContext } from './build-context.js';
import { COORDINATOR_RESOURCES } from './coordinator.js';
import { jobMeta, podTemplateMeta, stampTemplateHash } from './job-parts.js';
import { childMeta } from './object-meta.js';
import { CONFIG_FILE, TERMINATION_MESSAGE_POLICY, checkpointMount, checkpointVolume, configMount, configVolume, containerSecurity, image, placement, podSecurity, resources, runDir } from './pod-parts.js';
import { PORTS } from './ports.js';
import { dataMounts, volumeAffinity, volumeLabels } from './run-volume.js';
import { serviceAccountWithRole } from './service-account.js';

/** Retries of an evaluation pod before its Job fails (a failed evaluation does not fail the run). */
export const EVAL_BACKOFF_LIMIT = 2;

export const evalOutDir = (ctx: BuildContext, label: EvalLabel): string => `${runDir(ctx)}/eval/${label}`;

export function evalArgs(ctx: BuildContext, label: EvalLabel): string[] {
  const { names } = ctx;
  return [
    'eval',
    '--config', CONFIG_FILE,
    '--inference', `${names.inference}:${PORTS.inference.grpc}`,
    '--executor', `${names.executor}:${PORTS.executor.grpc}`,
    '--label', label,
    '--out', evalOutDir(ctx, label),
    '--report-configmap', names.evaluation,
    '--namespace', `$(${PROGRESS_ENV.namespace})`,
  ];
}

function evalContainer(ctx: BuildContext, label: EvalLabel): V1Container {
  // The evaluation is a Node process like the coordinator: same image, same scheduling.
  const spec = ctx.run.spec.coordinator;
  return {
    name: 'eval',
    image: image(spec, ctx.images.coordinator),
    command: ['murphy'],
    args: evalArgs(ctx, label),
    env: [{ name: PROGRESS_ENV.namespace, valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
    resources: resources(spec, 0, COORDINATOR_RESOURCES),
    securityContext: containerSecurity,
    terminationMessagePolicy: TERMINATION_MESSAGE_POLICY,
    volumeMounts: [configMount, checkpointMount(), ...dataMounts(ctx)],
  };
}

export function evaluationJob(ctx: BuildContext, label: EvalLabel): V1Job {
  const name = ctx.names.evalJob(label);
  return stampTemplateHash({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: jobMeta(ctx, name, 'evaluation'),
    spec: {
      completions: 1,
      parallelism: 1,
      backoffLimit: EVAL_BACKOFF_LIMIT,
      suspend: ctx.scaledDown && !ctx.keepServices,
      template: {
        metadata: podTemplateMeta(ctx, 'evaluation', volumeLabels(ctx)),
        spec: {
          restartPolicy: 'Never',
          securityContext: podSecurity,
          serviceAccountName: ctx.names.evaluation,
          ...placement(ctx.run.spec.coordinator),
          ...volumeAffinity(ctx),
          containers: [evalContainer(ctx, label)],
          volumes: [configVolume(ctx), checkpointVolume(ctx)],
        },
      },
    },
  });
}

/** The report ConfigMap, created empty and owned by the run; each Job writes its own key. */
export function evaluationConfigMap(ctx: BuildContext): V1ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: childMeta(ctx, ctx.names.evaluation, 'evaluation') };
}

/** Nothing without spec.evaluation; else the report ConfigMap, its access, and the Jobs asked for. */
export function evaluationChildren(ctx: BuildContext): KubernetesObject[] {
  if (!ctx.run.spec.evaluation) return [];
  return [
    evaluationConfigMap(ctx),
    ...serviceAccountWithRole(ctx, { name: ctx.names.evaluation, component: 'evaluation', configMap: ctx.names.evaluation }),
    ...ctx.evaluationJobs.map((label) => evaluationJob(ctx, label)),
  ];
}
