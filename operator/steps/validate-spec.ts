// Step 1: read the run through the same schema as every other component. The API server's CRD
// validation already rejects nearly everything this catches; what is left (e.g. a template
// placeholder typo) fails the run with the field named, instead of starting broken workloads.
import { validateMurphyRun } from '../../src/api/load.js';
import type { ReconcileContext, Step } from '../reconcile-context.js';

export const validateSpec: Step = {
  name: 'validate-spec',
  run(ctx: ReconcileContext) {
    const { apiVersion, kind, metadata, spec } = ctx.run;
    const result = validateMurphyRun({ apiVersion, kind, metadata: { name: metadata?.name, namespace: ctx.namespace }, spec });
    if (result.ok && result.runs[0]) {
      ctx.resolved = result.runs[0];
      return Promise.resolve('continue');
    }
    const message = (result.ok ? [] : result.errors).map((e) => `${e.path}: ${e.message}`).join('; ');
    ctx.failure = { reason: 'InvalidSpec', message };
    return Promise.resolve('stop');
  },
};
