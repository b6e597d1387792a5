// A Warning event on the run when its executors report a weaker sandbox than it asked for, once:
// when the run's ExecutorSandboxDegraded condition is not yet true (the status computed after the
// steps sets it, so the next reconcile records nothing).
import type { V1ConfigMap } from '@kubernetes/client-node';
import { parseProgress, PROGRESS_KEY } from '../../src/k8s/progress.js';
import { lookups } from '../live-lookup.js';
import { childNames } from '../names.js';
import type { Step } from '../reconcile-context.js';
import { isTrue } from '../status/conditions.js';
import { SANDBOX_CONDITION, sandboxWeakened, weakenedMessage } from '../status/sandbox-condition.js';

export const reportSandbox: Step = {
  name: 'report-sandbox',
  run(ctx, deps) {
    const asked = ctx.resolved?.spec.executor.sandbox;
    const names = childNames(ctx.run.metadata?.name ?? '');
    const inForce = parseProgress(lookups(ctx, deps).get<V1ConfigMap>('v1', 'ConfigMap', names.progress)?.data?.[PROGRESS_KEY])?.executorSandbox;
    if (asked && sandboxWeakened({ asked, inForce }) && !isTrue(ctx.run.status?.conditions, SANDBOX_CONDITION)) {
      ctx.events.push({ type: 'Warning', reason: 'SandboxWeakened', message: weakenedMessage(asked) });
    }
    return Promise.resolve('continue');
  },
};
