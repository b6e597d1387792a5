// How the pods that share the run's volume (trainer, inference, coordinator, evaluation) find it,
// their model and their data:
// - ReadWriteOnce (what most default storage classes offer) is mounted by pods of one node only, so
//   each of those pods carries the claim's label and a required pod affinity to the pods with that
//   label on the same node. The first one may go anywhere (a pod that matches its own affinity term
//   is schedulable when no other does); the others follow it. ReadWriteMany needs no affinity.
// - The model: a path on the run's volume, a claim of its own mounted read-only at /murphy/models,
//   or (model.download) downloaded by an init container into the run's volume.
// - The data: /murphy/data is the folder `data` of the run's folder on the volume, read-only.
import type { V1Affinity, V1Container, V1PodSpec, V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import type { BuildContext } from './build-context.js';
import { contentHash } from './hash.js';
import { CHECKPOINT_DIR, TERMINATION_MESSAGE_POLICY, checkpointClaim, containerSecurity, runDir } from './pod-parts.js';

export const CLAIM_LABEL = 'murphy.dev/claim';
export const MODELS_DIR = '/murphy/models';
export const DATA_DIR = '/murphy/data';

/** The claim's name as a label value (at most 63 characters). */
const claimLabelValue = (claim: string): string => (claim.length <= 63 ? claim : contentHash(claim).slice(0, 63));

/** Labels of a pod that mounts the run's volume. */
export function volumeLabels(ctx: BuildContext): Record<string, string> {
  return { [CLAIM_LABEL]: claimLabelValue(checkpointClaim(ctx)) };
}

/** With ReadWriteOnce: on the node of the other pods that mount the same claim. */
export function volumeAffinity(ctx: BuildContext): { affinity?: V1Affinity } {
  if (ctx.run.spec.storage.accessMode !== 'ReadWriteOnce') return {};
  const term = { labelSelector: { matchLabels: volumeLabels(ctx) }, topologyKey: 'kubernetes.io/hostname' };
  return { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } };
}

/** Where the trainer and inference load the model from. */
export function modelPath(ctx: BuildContext): string {
  const { model } = ctx.run.spec;
  return model.download ? `${runDir(ctx)}/model` : (model.source ?? model.name);
}

export function modelVolumes(ctx: BuildContext): V1Volume[] {
  const claim = ctx.run.spec.model.claimName;
  return claim ? [{ name: 'models', persistentVolumeClaim: { claimName: claim, readOnly: true } }] : [];
}

export function modelMounts(ctx: BuildContext): V1VolumeMount[] {
  return ctx.run.spec.model.claimName ? [{ name: 'models', mountPath: MODELS_DIR, readOnly: true }] : [];
}

// snapshot_download resumes a partial download and skips files already there, and takes file
// locks, so the trainer and inference pods may run it at once into the same folder.
const DOWNLOAD = 'import sys; from huggingface_hub import snapshot_download; snapshot_download(repo_id=sys.argv[1], local_dir=sys.argv[2])';

/** With model.download: fetch model.name into the run's volume before the main container starts. */
export function modelDownload(ctx: BuildContext, image: string): Pick<V1PodSpec, 'initContainers'> {
  if (!ctx.run.spec.model.download) return {};
  const initContainers: V1Container[] = [
    {
      name: 'model-download',
      image,
      command: ['python', '-c', DOWNLOAD, ctx.run.spec.model.name, modelPath(ctx)],
      env: [{ name: 'HF_HUB_OFFLINE', value: '0' }],
      securityContext: containerSecurity,
      terminationMessagePolicy: TERMINATION_MESSAGE_POLICY,
      volumeMounts: [{ name: 'checkpoints', mountPath: CHECKPOINT_DIR }],
    },
  ];
  return { initContainers };
}

/**
 * /murphy/data, when a dataset of the run is there: the run's `data` folder on its volume, where
 * dataset files are copied (mounted only then, since the kubelet creates a missing folder as root).
 */
export function dataMounts(ctx: BuildContext): V1VolumeMount[] {
  const { dataset, evaluation } = ctx.run.spec;
  const sources = [dataset.source, ...(evaluation?.datasets ?? []).map((d) => d.source)];
  if (!sources.some((source) => source.startsWith(`${DATA_DIR}/`))) return [];
  return [{ name: 'checkpoints', mountPath: DATA_DIR, subPath: `${ctx.name}/data`, readOnly: true }];
}
