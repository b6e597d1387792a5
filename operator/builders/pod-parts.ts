// Pieces shared by the components' pod templates: scheduling from the spec, the run config and
// checkpoint volumes, resource quantities.
import type { V1Container, V1PodSpec, V1ResourceRequirements, V1Toleration, V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import type { ResourceRequirements } from '../../src/api/kubernetes-types.js';
import type { BuildContext } from './build-context.js';

export const CONFIG_DIR = '/etc/murphy';
export const CONFIG_FILE = `${CONFIG_DIR}/run.yaml`;
export const CHECKPOINT_DIR = '/checkpoints';
export const GPU_RESOURCE = 'nvidia.com/gpu';

interface Scheduling {
  readonly image?: string | undefined;
  readonly resources?: ResourceRequirements | undefined;
  readonly nodeSelector?: Record<string, string> | undefined;
  readonly tolerations?: ReadonlyArray<Record<string, unknown>> | undefined;
}

const quantities = (values: Record<string, string | number> | undefined): Record<string, string> | undefined =>
  values && Object.keys(values).length > 0 ? Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)])) : undefined;

/** The spec's resources, plus `gpus` whole GPUs as both request and limit (extended resources need both equal). */
export function resources(spec: Scheduling, gpus = 0): V1ResourceRequirements {
  const gpu = gpus > 0 ? { [GPU_RESOURCE]: String(gpus) } : {};
  const requests = quantities({ ...spec.resources?.requests, ...gpu });
  const limits = quantities({ ...spec.resources?.limits, ...gpu });
  return { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) };
}

/** nodeSelector and tolerations of the component, when the spec sets them. */
export function placement(spec: Scheduling): Pick<V1PodSpec, 'nodeSelector' | 'tolerations'> {
  const out: Pick<V1PodSpec, 'nodeSelector' | 'tolerations'> = {};
  if (spec.nodeSelector && Object.keys(spec.nodeSelector).length > 0) out.nodeSelector = { ...spec.nodeSelector };
  if (spec.tolerations && spec.tolerations.length > 0) out.tolerations = spec.tolerations.map((t) => ({ ...t }) as V1Toleration);
  return out;
}

export function image(spec: Scheduling, fallback: string): string {
  return spec.image ?? fallback;
}

export function configVolume(ctx: BuildContext): V1Volume {
  return { name: 'config', configMap: { name: ctx.names.config } };
}

export function checkpointVolume(ctx: BuildContext): V1Volume {
  return { name: 'checkpoints', persistentVolumeClaim: { claimName: checkpointClaim(ctx) } };
}

export function checkpointClaim(ctx: BuildContext): string {
  return ctx.run.spec.storage.claimName ?? ctx.names.checkpoints;
}

export const configMount: V1VolumeMount = { name: 'config', mountPath: CONFIG_DIR, readOnly: true };
export const checkpointMount = (readOnly = false): V1VolumeMount => ({ name: 'checkpoints', mountPath: CHECKPOINT_DIR, ...(readOnly ? { readOnly } : {}) });

/** Where a run keeps its files on the checkpoint volume (a shared claim may hold several runs). */
export const runDir = (ctx: BuildContext): string => `${CHECKPOINT_DIR}/${ctx.name}`;

export function port(name: string, containerPort: number): NonNullable<V1Container['ports']>[number] {
  return { name, containerPort };
}
