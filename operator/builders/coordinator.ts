// The coordinator: a Job that runs the training loop to completion (the run finishes on its
// report of the last step, see status/training-outcome.ts; a stopped coordinator pod is replaced
// and resumes), a Service for its metrics, and the least privilege it needs to report progress:
// `get`/`patch` on the run's one progress ConfigMap, through its own ServiceAccount.
import type { KubernetesObject, V1Container, V1Job, V1Role, V1RoleBinding, V1ServiceAccount } from '@kubernetes/client-node';
import { COORDINATOR_EXIT } from '../../src/coordinator/exit-codes.js';
import { PROGRESS_ENV } from '../../src/k8s/progress-reporter.js';
import type { BuildContext } from './build-context.js';
import { jobMeta, podTemplateMeta, resumablePods, stampTemplateHash } from './job-parts.js';
import { CONFIG_FILE, TERMINATION_MESSAGE_POLICY, checkpointMount, checkpointVolume, configMount, configVolume, containerSecurity, image, placement, podSecurity, port, resources, runDir, type ResourceDefaults } from './pod-parts.js';
import { PORTS } from './ports.js';
import { dataMounts, volumeAffinity, volumeLabels } from './run-volume.js';
import { progressConfigMap } from './run-config.js';
import { componentService } from './service.js';
import { serviceAccountWithRole } from './service-account.js';
import { trackingSidecar } from './tracking.js';
import { trainerRank0 } from './trainer.js';

/** A stopped coordinator finishes its step for this long, well inside the pod's grace period. */
const COORDINATOR_STOP_TIMEOUT_S = 20;
const COORDINATOR_GRACE_S = COORDINATOR_STOP_TIMEOUT_S + 10;
/** One Node process: a core while it scores and logs, memory for a step's rollout trees. */
export const COORDINATOR_RESOURCES: ResourceDefaults = { requests: { cpu: '500m', memory: '1Gi' } };

export function coordinatorArgs(ctx: BuildContext): string[] {
  const { names } = ctx;
  return [
    'coordinator',
    '--config', CONFIG_FILE,
    '--inference', `${names.inference}:${PORTS.inference.grpc}`,
    '--executor', `${names.executor}:${PORTS.executor.grpc}`,
    '--trainer', `${trainerRank0(ctx)}:${PORTS.trainer.grpc}`,
    '--state-dir', coordinatorStateDir(ctx),
    '--metrics-port', String(PORTS.coordinator.metrics),
    '--stop-timeout', String(COORDINATOR_STOP_TIMEOUT_S),
  ];
}

/** The coordinator's state, logs and published policy (which inference pods read) on the run's volume. */
export function coordinatorStateDir(ctx: BuildContext): string {
  return `${runDir(ctx)}/coordinator`;
}

function coordinatorContainer(ctx: BuildContext): V1Container {
  const spec = ctx.run.spec.coordinator;
  return {
    name: 'coordinator',
    image: image(spec, ctx.images.coordinator),
    command: ['murphy'],
    args: coordinatorArgs(ctx),
    env: [
      { name: PROGRESS_ENV.configMap, value: ctx.names.progress },
      { name: PROGRESS_ENV.namespace, valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    ],
    ports: [port('metrics', PORTS.coordinator.metrics)],
    readinessProbe: { httpGet: { path: '/healthz', port: PORTS.coordinator.metrics }, periodSeconds: 10 },
    resources: resources(spec, 0, COORDINATOR_RESOURCES),
    securityContext: containerSecurity,
    terminationMessagePolicy: TERMINATION_MESSAGE_POLICY,
    volumeMounts: [configMount, checkpointMount(), ...dataMounts(ctx)],
  };
}

export function coordinatorJob(ctx: BuildContext): V1Job {
  const tracking = trackingSidecar(ctx, coordinatorStateDir(ctx));
  return stampTemplateHash({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: jobMeta(ctx, ctx.names.coordinator, 'coordinator'),
    spec: {
      completions: 1,
      parallelism: 1,
      ...resumablePods({ container: 'coordinator', exitCode: COORDINATOR_EXIT.interrupted }),
      // A finished coordinator is exiting by itself: suspending its Job would delete the pod (and its logs) as it ends.
      suspend: (ctx.scaledDown && !ctx.coordinatorDone) || ctx.holdCoordinator,
      template: {
        metadata: podTemplateMeta(ctx, 'coordinator', volumeLabels(ctx)),
        spec: {
          restartPolicy: 'Never',
          terminationGracePeriodSeconds: COORDINATOR_GRACE_S,
          serviceAccountName: ctx.names.coordinator,
          securityContext: podSecurity,
          ...placement(ctx.run.spec.coordinator),
          ...volumeAffinity(ctx),
          ...(tracking ? { initContainers: [tracking] } : {}),
          containers: [coordinatorContainer(ctx)],
          volumes: [configVolume(ctx), checkpointVolume(ctx)],
        },
      },
    },
  });
}

/** ServiceAccount, Role and RoleBinding that let the coordinator write its progress report. */
export function coordinatorAccess(ctx: BuildContext): [V1ServiceAccount, V1Role, V1RoleBinding] {
  return serviceAccountWithRole(ctx, { name: ctx.names.coordinator, component: 'coordinator', configMap: ctx.names.progress });
}

export function coordinatorChildren(ctx: BuildContext): KubernetesObject[] {
  return [
    progressConfigMap(ctx),
    ...coordinatorAccess(ctx),
    coordinatorJob(ctx),
    componentService(ctx, { name: ctx.names.coordinator, component: 'coordinator', ports: { metrics: PORTS.coordinator.metrics } }),
  ];
}
