// How the coordinator reports progress to the operator: it server-side applies one small JSON
// document into the run's `<run>-progress` ConfigMap (which the operator created and owns through
// the MurphyRun), and the operator, which watches the ConfigMaps it owns, folds it into the
// MurphyRun's status. No polling anywhere; the coordinator needs only `patch` on that one ConfigMap.
import type { KubeClient } from './kube-client.js';
import { PROGRESS_KEY, progressSchema, type Progress } from './progress.js';
import { serverSideApply } from './server-side-apply.js';

export interface ProgressReporter {
  report(progress: Progress): Promise<void>;
  /** Releases the connection pool, so a finished coordinator exits at once. */
  close(): void;
}

/** The field manager of the coordinator's writes (distinct from the operator's). */
export const COORDINATOR_FIELD_MANAGER = 'murphy-coordinator';

/** The ConfigMap to write: named by the operator in the coordinator pod's environment. */
export interface ProgressTarget {
  readonly configMap: string;
  readonly namespace: string;
}

/** Environment variables the operator sets on the coordinator pod. */
export const PROGRESS_ENV = { configMap: 'MURPHY_PROGRESS_CONFIGMAP', namespace: 'MURPHY_NAMESPACE' } as const;

export class ConfigMapProgressReporter implements ProgressReporter {
  private last = '';

  constructor(
    private readonly client: KubeClient & { close?(): void },
    private readonly target: ProgressTarget,
  ) {}

  /** Writes the report unless it is identical to the previous one (so idle runs cause no writes). */
  async report(progress: Progress): Promise<void> {
    const text = JSON.stringify(progressSchema.parse(progress));
    if (text === this.last) return;
    await serverSideApply(
      this.client,
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: this.target.configMap, namespace: this.target.namespace },
        data: { [PROGRESS_KEY]: text },
      },
      { fieldManager: COORDINATOR_FIELD_MANAGER, force: true },
    );
    this.last = text;
  }

  close(): void {
    this.client.close?.();
  }
}

/** For a coordinator that runs outside Kubernetes (`murphy run`): reports go nowhere. */
export const noProgressReporter: ProgressReporter = { report: () => Promise.resolve(), close: () => undefined };

/**
 * The reporter a coordinator should use, from the environment the operator sets on its pod
 * (MURPHY_PROGRESS_CONFIGMAP, MURPHY_NAMESPACE); without them, reports are dropped.
 */
export function progressReporterFromEnv(env: NodeJS.ProcessEnv, makeClient: () => KubeClient): ProgressReporter {
  const configMap = env[PROGRESS_ENV.configMap];
  const namespace = env[PROGRESS_ENV.namespace];
  if (!configMap || !namespace) return noProgressReporter;
  return new ConfigMapProgressReporter(makeClient(), { configMap, namespace });
}
