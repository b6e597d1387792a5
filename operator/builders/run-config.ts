// The run config: the resolved MurphyRun as YAML, mounted at /etc/murphy/run.yaml and passed to the
// coordinator and the trainer with --config. `spec.suspend` is left out: suspending is not a change
// of what to train, so it must not restart anything.
import type { V1ConfigMap } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { API_GROUP, API_VERSION, KIND } from '../../src/api/murphyrun.js';
import type { BuildContext } from './build-context.js';
import { contentHash } from './hash.js';
import { childMeta } from './object-meta.js';

export const RUN_CONFIG_KEY = 'run.yaml';

function configDocument(ctx: BuildContext) {
  const { suspend: _suspend, ...spec } = ctx.run.spec;
  return { apiVersion: `${API_GROUP}/${API_VERSION}`, kind: KIND, metadata: { name: ctx.name, namespace: ctx.namespace }, spec };
}

export function runConfigMap(ctx: BuildContext): V1ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: childMeta(ctx, ctx.names.config, 'config'),
    data: { [RUN_CONFIG_KEY]: stringify(configDocument(ctx)) },
  };
}

/** How the stateless services are deployed: nothing the training processes depend on. */
function withoutDeployment<T extends { replicas: number; image?: string | undefined }>(service: T) {
  const { replicas: _r, image: _i, resources: _res, nodeSelector: _n, tolerations: _t, runtimeClassName: _c, ...rest } = service as T & Record<string, unknown>;
  return rest;
}

/**
 * Hash of what the training processes read, minus how inference and executors are deployed, so a
 * change restarts the trainer and coordinator (from the last checkpoint) and scaling or moving
 * the services does not.
 */
export function trainingConfigHash(ctx: BuildContext): string {
  const { spec } = configDocument(ctx);
  return contentHash({ ...spec, inference: withoutDeployment(spec.inference), executor: withoutDeployment(spec.executor) });
}

/** The ConfigMap the coordinator reports progress into; the operator creates it empty and owns it. */
export function progressConfigMap(ctx: BuildContext): V1ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: childMeta(ctx, ctx.names.progress, 'coordinator') };
}
