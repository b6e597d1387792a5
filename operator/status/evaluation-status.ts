// status.evaluation from the evaluation Jobs and the reports they left in the run's
// `<run>-evaluation` ConfigMap (one key per label, written by `murphy eval --report-configmap`).
// Each report is read through the same schema `murphy eval` writes it with; one that does not
// parse is named in the message instead of failing the status.
import type { V1Job } from '@kubernetes/client-node';
import type { EvaluationStatus } from '../../src/api/murphyrun.js';
import { reportKey } from '../../src/eval/eval-configmap.js';
import { evalReportSchema } from '../../src/eval/eval-report.js';
import type { EvalLabel } from '../names.js';
import { describeFailure, jobState } from './job-state.js';

export const EVAL_LABELS: readonly EvalLabel[] = ['base', 'final'];

export interface EvaluationInputs {
  readonly baseModel: boolean;
  readonly jobs: Readonly<Partial<Record<EvalLabel, V1Job>>>;
  /** The report ConfigMap's data. */
  readonly reports: Readonly<Record<string, string>> | undefined;
  /** Training has finished (the final evaluation is due). */
  readonly trainingComplete: boolean;
}

type Results = NonNullable<EvaluationStatus['results']>;

function parseReport(text: string | undefined): ReturnType<typeof evalReportSchema.safeParse> | undefined {
  if (text === undefined) return undefined;
  try {
    return evalReportSchema.safeParse(JSON.parse(text));
  } catch {
    return evalReportSchema.safeParse(undefined);
  }
}

function results(inputs: EvaluationInputs): { results: Results; unreadable: string[] } {
  const out: Results = [];
  const unreadable: string[] = [];
  for (const label of EVAL_LABELS) {
    const key = reportKey(label);
    const parsed = parseReport(inputs.reports?.[key]);
    if (!parsed) continue;
    if (!parsed.success) {
      unreadable.push(key);
      continue;
    }
    for (const r of parsed.data.results) out.push({ model: label, dataset: r.dataset, iterations: r.iterations, passAt1: r.mean, std: r.std, problems: r.problems });
  }
  return { results: out, unreadable };
}

function phaseAndMessage(inputs: EvaluationInputs): Pick<EvaluationStatus, 'phase' | 'message'> {
  const labels = EVAL_LABELS.filter((label) => inputs.jobs[label] !== undefined);
  const failed = labels.filter((label) => jobState(inputs.jobs[label]) === 'failed');
  if (failed.length > 0) return { phase: 'Failed', message: failed.map((label) => describeFailure(inputs.jobs[label] as V1Job)).join('; ') };
  if (jobState(inputs.jobs.final) === 'complete') return { phase: 'Succeeded', message: `evaluated the ${labels.join(' and ')} model${labels.length > 1 ? 's' : ''}` };
  const running = labels.filter((label) => jobState(inputs.jobs[label]) === 'running');
  if (running.length > 0) return { phase: 'Running', message: `evaluating the ${running.join(' and ')} model` };
  if (inputs.baseModel && !inputs.jobs.base && !inputs.trainingComplete) return { phase: 'Pending', message: 'the base model is evaluated once inference and executor are ready' };
  return { phase: 'Pending', message: 'the final model is evaluated when training has finished' };
}

export function evaluationStatus(inputs: EvaluationInputs): EvaluationStatus {
  const { results: found, unreadable } = results(inputs);
  const { phase, message } = phaseAndMessage(inputs);
  const note = unreadable.length > 0 ? `; unreadable report ${unreadable.join(', ')} in the evaluation ConfigMap` : '';
  return { phase, message: `${message ?? ''}${note}`, ...(found.length > 0 ? { results: found } : {}) };
}
