// Whether the executors run programs in a weaker sandbox than the run asked for, as the
// coordinator's progress report tells (each report carries the executors' Health answer).
// `auto` and `bwrap` ask for bwrap's namespaces; `process` asks for none. Under the pod security
// the operator renders, namespaces are not allowed, so `auto` falls back to `process`.
import type { Condition } from '../../src/api/murphyrun.js';
import type { ConditionDraft } from './conditions.js';
import { findCondition } from './conditions.js';

export const SANDBOX_CONDITION = 'ExecutorSandboxDegraded';

export interface SandboxReport {
  /** spec.executor.sandbox */
  readonly asked: string;
  /** What the executors report, undefined until the first report. */
  readonly inForce: string | undefined;
}

export function sandboxWeakened({ asked, inForce }: SandboxReport): boolean {
  return inForce === 'process' && asked !== 'process';
}

export function weakenedMessage(asked: string): string {
  return `spec.executor.sandbox is ${asked}, but the executors run programs in the process sandbox (the pod does not allow the namespaces bwrap needs); ` +
    'programs are still confined by seccomp and Landlock (docs/executor.md, "In a pod"). Set spec.executor.runtimeClassName (e.g. gvisor) to add a sandboxed runtime ' +
    '(by default the operator picks gvisor where the cluster has a RuntimeClass of that name), ' +
    'or spec.executor.sandbox: process to accept this';
}

export function sandboxCondition(report: SandboxReport, previous: readonly Condition[] | undefined): ConditionDraft {
  const type = SANDBOX_CONDITION;
  if (report.inForce === undefined) {
    const before = findCondition(previous, type);
    if (before?.status && before.reason && before.message) return { type, status: before.status === 'True', reason: before.reason, message: before.message };
    return { type, status: false, reason: 'NotReported', message: 'the executors have not reported their sandbox yet (the coordinator reports it after each step)' };
  }
  if (sandboxWeakened(report)) return { type, status: true, reason: 'FellBackToProcess', message: weakenedMessage(report.asked) };
  return { type, status: false, reason: 'AsAsked', message: `the executors run programs in the ${report.inForce} sandbox, as spec.executor.sandbox (${report.asked}) asks` };
}
