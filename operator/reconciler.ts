// One reconcile of one MurphyRun: snapshot it from the cache, run the ordered steps, compute the
// status from the world, write it once and only if it changed, and record events for changes.
// Level-triggered: it never asks which event woke it.
import { stableJson } from './runtime/stable-json.js';
import { FIELD_MANAGER, newer } from './child-writer.js';
import { runKeyString, type RunKey } from './owner.js';
import type { MurphyRunObject, ReconcileContext, ReconcileDeps } from './reconcile-context.js';
import { statusInputs } from './status-inputs.js';
import { computeStatus } from './status/compute-status.js';
import { steps } from './steps/index.js';
import { serverSideApply } from '../src/k8s/server-side-apply.js';
import { API_GROUP, API_VERSION, KIND, type MurphyRunStatus } from '../src/api/murphyrun.js';

export interface ReconcileResult {
  readonly requeueAfterMs?: number;
  readonly statusWritten: boolean;
}

export class Reconciler {
  /** The run as our last status write returned it: newer than the cache until the watch catches up. */
  private readonly written = new Map<string, MurphyRunObject>();

  constructor(private readonly deps: ReconcileDeps) {}

  async reconcile(key: RunKey): Promise<ReconcileResult> {
    const cached = this.deps.store.get<MurphyRunObject>(`${API_GROUP}/${API_VERSION}`, KIND, key.namespace, key.name);
    const run = newer(cached, cached ? this.written.get(runKeyString(key)) : undefined);
    if (!run || run.metadata?.deletionTimestamp) {
      this.deps.writer.forget(key.namespace, key.name);
      this.written.delete(runKeyString(key));
      return { statusWritten: false };
    }
    const ctx: ReconcileContext = { run, namespace: key.namespace, now: this.deps.clock(), restartCount: run.status?.restartCount ?? 0, deleted: new Set(), events: [] };
    for (const step of steps) {
      if ((await step.run(ctx, this.deps)) === 'stop') break;
    }
    const status = computeStatus(statusInputs(ctx, this.deps));
    const statusWritten = await this.writeStatus(run, status);
    await this.recordEvents(run, status, ctx);
    return { statusWritten, ...(ctx.requeueAfterMs === undefined ? {} : { requeueAfterMs: ctx.requeueAfterMs }) };
  }

  private async writeStatus(run: MurphyRunObject, status: MurphyRunStatus): Promise<boolean> {
    if (run.status && stableJson(run.status) === stableJson(status)) return false;
    const { name, namespace } = run.metadata ?? {};
    const updated = await serverSideApply(this.deps.client, { apiVersion: run.apiVersion, kind: run.kind, metadata: { name, namespace }, status } as MurphyRunObject, {
      fieldManager: FIELD_MANAGER,
      force: true,
      subresource: 'status',
    });
    this.written.set(`${namespace}/${name}`, updated);
    return true;
  }

  private async recordEvents(run: MurphyRunObject, status: MurphyRunStatus, ctx: ReconcileContext): Promise<void> {
    const before = run.status?.phase;
    if (status.phase !== before) {
      const failed = status.phase === 'Failed';
      const detail = failed && ctx.failure ? `: ${ctx.failure.message}` : '';
      ctx.events.push({ type: failed ? 'Warning' : 'Normal', reason: status.phase ?? 'Unknown', message: `phase ${before ?? '(none)'} -> ${status.phase}${detail}` });
    }
    for (const event of ctx.events) await this.deps.events.record(run, event);
  }
}
