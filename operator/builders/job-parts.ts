// Metadata of the run's Jobs. A Job's pod template is immutable, so the template's hash is stamped
// on the Job: when it differs from the desired one, the operator replaces the Job instead of
// patching it. The template carries the training config hash and the restart attempt, so a config
// change or a restart yields a fresh Job (which resumes from the last checkpoint).
import type { V1Job, V1JobSpec, V1ObjectMeta } from '@kubernetes/client-node';
import type { Component } from '../names.js';
import type { BuildContext } from './build-context.js';
import { contentHash } from './hash.js';
import { childMeta } from './object-meta.js';
import { trainingConfigHash } from './run-config.js';

export const TEMPLATE_HASH = 'murphy.dev/template-hash';
export const CONFIG_HASH = 'murphy.dev/config-hash';
export const ATTEMPT = 'murphy.dev/attempt';

/** The restart attempt a Job was made for (0 for one without the annotation). */
export const jobAttempt = (job: V1Job): number => Number(job.metadata?.annotations?.[ATTEMPT] ?? 0) || 0;

const attemptOf = (ctx: BuildContext, component: Component): string =>
  String((component === 'trainer' || component === 'coordinator' ? ctx.attempts[component] : undefined) ?? ctx.attempt);

export function jobMeta(ctx: BuildContext, name: string, component: Component): V1ObjectMeta {
  return childMeta(ctx, name, component, { [ATTEMPT]: attemptOf(ctx, component) });
}

export function podTemplateMeta(ctx: BuildContext, component: Component, extraLabels: Record<string, string> = {}): V1ObjectMeta {
  const { labels } = childMeta(ctx, '', component);
  return { labels: { ...labels, ...extraLabels }, annotations: { [CONFIG_HASH]: trainingConfigHash(ctx), [ATTEMPT]: attemptOf(ctx, component) } };
}

/**
 * How a run's Job treats its pods' endings. A disruption (pod deleted, evicted, preempted, its node
 * drained: the DisruptionTarget condition) and the container's own "interrupted, resume me" exit
 * code are neither success nor a counted failure: the Job replaces the pod, which resumes from its
 * saved state. Any other failure fails the Job at once (backoffLimit 0), and the operator decides
 * about a restart. The replacement starts only once the old pod is gone (two coordinators or two
 * trainers must never share the state directory).
 */
export function resumablePods(interrupted?: { container: string; exitCode: number }): Pick<V1JobSpec, 'backoffLimit' | 'podFailurePolicy' | 'podReplacementPolicy'> {
  const exitCodes = interrupted ? [{ action: 'Ignore', onExitCodes: { containerName: interrupted.container, operator: 'In', values: [interrupted.exitCode] } }] : [];
  return {
    backoffLimit: 0,
    podReplacementPolicy: 'Failed',
    podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }, ...exitCodes] },
  };
}

/** Adds the template hash annotation to a built Job. */
export function stampTemplateHash(job: V1Job): V1Job {
  const hash = contentHash(job.spec?.template);
  return { ...job, metadata: { ...job.metadata, annotations: { ...job.metadata?.annotations, [TEMPLATE_HASH]: hash } } };
}
