// Metadata of the run's Jobs. A Job's pod template is immutable, so the template's hash is stamped
// on the Job: when it differs from the desired one, the operator replaces the Job instead of
// patching it. The template carries the training config hash and the restart attempt, so a config
// change or a restart yields a fresh Job (which resumes from the last checkpoint).
import type { V1Job, V1ObjectMeta } from '@kubernetes/client-node';
import type { Component } from '../names.js';
import type { BuildContext } from './build-context.js';
import { contentHash } from './hash.js';
import { childMeta } from './object-meta.js';
import { trainingConfigHash } from './run-config.js';

export const TEMPLATE_HASH = 'murphy.dev/template-hash';
export const CONFIG_HASH = 'murphy.dev/config-hash';
export const ATTEMPT = 'murphy.dev/attempt';

export function jobMeta(ctx: BuildContext, name: string, component: Component): V1ObjectMeta {
  return childMeta(ctx, name, component, { [ATTEMPT]: String(ctx.attempt) });
}

export function podTemplateMeta(ctx: BuildContext, component: Component): V1ObjectMeta {
  const { labels } = childMeta(ctx, '', component);
  return { labels: labels ?? {}, annotations: { [CONFIG_HASH]: trainingConfigHash(ctx), [ATTEMPT]: String(ctx.attempt) } };
}

/** Adds the template hash annotation to a built Job. */
export function stampTemplateHash(job: V1Job): V1Job {
  const hash = contentHash(job.spec?.template);
  return { ...job, metadata: { ...job.metadata, annotations: { ...job.metadata?.annotations, [TEMPLATE_HASH]: hash } } };
}
