// Per-step bookkeeping of the expansion events: call time per phase, dropped samples and
// execution timeouts, forwarded to the metrics as they happen.
import type { CoordinatorMetrics } from './coordinator-metrics.js';
import type { ExpandedNode } from '../rollout/expanded-tree.js';
import type { DropReason, ExpansionEvents } from '../rollout/tree-expander.js';
import type { StepCounters } from './step-report.js';

export class StepAccounting implements ExpansionEvents {
  private generateCallSeconds = 0;
  private executeCallSeconds = 0;
  private rollouts = 0;
  private executionTimeouts = 0;
  private staleCompletions = 0;
  private readonly dropped: Record<DropReason, number> = { generate: 0, execute: 0, stale: 0 };
  private readonly errors: string[] = [];

  constructor(
    private readonly metrics: CoordinatorMetrics,
    private readonly onRollout: (node: ExpandedNode) => void = () => {},
  ) {}

  onCall(phase: 'generate' | 'execute', seconds: number): void {
    if (phase === 'generate') this.generateCallSeconds += seconds;
    else this.executeCallSeconds += seconds;
    this.metrics.phaseSeconds.observe({ phase }, seconds);
  }

  onNode(node: ExpandedNode): void {
    this.rollouts++;
    this.metrics.rollouts.inc();
    this.onRollout(node);
  }

  onDropped(reason: DropReason, count: number, error: unknown): void {
    this.dropped[reason] += count;
    this.metrics.errors.inc({ kind: reason });
    this.metrics.droppedSamples.inc({ reason }, count);
    this.note(reason, error);
  }

  private note(reason: string, error: unknown): void {
    if (this.errors.length < 10) this.errors.push(`${reason}: ${(error as Error)?.message ?? String(error)}`);
  }

  onExecutionTimeout(): void {
    this.executionTimeouts++;
    this.metrics.errors.inc({ kind: 'execute_timeout' });
  }

  onStale(count: number, error: unknown): void {
    this.staleCompletions += count;
    this.metrics.staleCompletions.inc(count);
    this.note('stale', error);
  }

  counters(): StepCounters {
    return {
      generateCallSeconds: this.generateCallSeconds,
      executeCallSeconds: this.executeCallSeconds,
      rollouts: this.rollouts,
      dropped: { ...this.dropped },
      executionTimeouts: this.executionTimeouts,
      staleCompletions: this.staleCompletions,
      errors: [...this.errors],
    };
  }
}
