// The tracking sidecar of the coordinator pod (spec.tracking): murphy_tracking from the trainer
// image follows the coordinator's metrics.jsonl and the evaluation reports on the run's volume and
// logs them to the trackers. A native sidecar (an init container that restarts Always): it starts
// before the coordinator, is stopped after it (its SIGTERM sends the last steps), and never keeps
// the Job from completing. Credentials come from spec.tracking.credentialsSecret as environment;
// the Secret is optional to the pod, so a missing one costs the trackers, never the training
// (the TrackingDegraded condition says so).
import type { V1Container } from '@kubernetes/client-node';
import type { BuildContext } from './build-context.js';
import { CONFIG_FILE, TERMINATION_MESSAGE_POLICY, checkpointMount, configMount, containerSecurity, image, resources, runDir, type ResourceDefaults } from './pod-parts.js';

/** The trainer image's interpreter of murphy-tracking (a venv of its own: see images/trainer/Dockerfile). */
export const TRACKING_PYTHON = '/opt/murphy-tracking/bin/python';

/** One Python process that reads JSON lines and makes a few HTTP requests per step. */
export const TRACKING_RESOURCES: ResourceDefaults = { requests: { cpu: '100m', memory: '512Mi' } };

export function trackingSidecar(ctx: BuildContext, stateDir: string): V1Container | undefined {
  const { tracking, trainer } = ctx.run.spec;
  if (tracking === undefined) return undefined;
  return {
    name: 'tracking',
    image: image(trainer, ctx.images.trainer),
    restartPolicy: 'Always',
    command: [TRACKING_PYTHON, '-m', 'murphy_tracking'],
    args: ['follow', stateDir, '--config', CONFIG_FILE, '--eval-dir', `${runDir(ctx)}/eval`],
    ...(tracking.credentialsSecret ? { envFrom: [{ secretRef: { name: tracking.credentialsSecret, optional: true } }] } : {}),
    resources: resources({}, 0, TRACKING_RESOURCES),
    securityContext: containerSecurity,
    terminationMessagePolicy: TERMINATION_MESSAGE_POLICY,
    volumeMounts: [configMount, checkpointMount()],
  };
}
