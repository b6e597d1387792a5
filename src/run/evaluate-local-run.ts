// spec.evaluation on one machine, as the operator does it in a cluster (docs/operator.md,
// "Evaluation"): `murphy eval` with the run file's settings against the run's own inference and
// executor, the base model before the first step (baseModel) and the final policy after the last,
// while inference serves exactly those weights. Reports go to runs/<name>/eval/<label>/.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectEvalServices, type EvalAddresses } from '../eval/connect-eval-services.js';
import { evalReportSchema, type EvalReport } from '../eval/eval-report.js';
import { evaluate, loadEvalDatasets } from '../eval/evaluate.js';
import { resolveEvalSettings } from '../eval/resolve-eval-settings.js';
import { withModelLimit } from '../eval/eval-settings.js';
import type { LoadedRun } from './load-run-file.js';

export type LocalEvalLabel = 'base' | 'final';

export const evalDir = (runDir: string, label: LocalEvalLabel): string => join(runDir, 'eval', label);

/** Whether `label` is still to be evaluated: spec.evaluation asks for it and no report of it exists. */
export function evaluationDue(runFile: LoadedRun, runDir: string, label: LocalEvalLabel): boolean {
  const evaluation = runFile.run.spec.evaluation;
  if (evaluation === undefined || (label === 'base' && !evaluation.baseModel)) return false;
  return !existsSync(join(evalDir(runDir, label), 'report.json'));
}

/** The report of an earlier evaluation of this run, if there is one that parses. */
export function readLocalReport(runDir: string, label: LocalEvalLabel): EvalReport | undefined {
  const file = join(evalDir(runDir, label), 'report.json');
  try {
    const parsed = evalReportSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // missing or not JSON: nothing to compare with
  }
}

export interface LocalEvaluation {
  readonly runFile: LoadedRun;
  readonly runDir: string;
  readonly label: LocalEvalLabel;
  readonly addresses: EvalAddresses;
  readonly readyTimeoutMs: number;
  readonly onProgress: (done: number, total: number) => void;
}

export async function evaluateLocalRun(options: LocalEvaluation): Promise<EvalReport> {
  const { runFile, label } = options;
  const flags = { datasets: [], backend: 'hf' as const, sandbox: 'auto' as const, table: 'long' as const, config: runFile.path };
  const resolved = resolveEvalSettings(flags, runFile, runFile.baseDir);
  const datasets = await loadEvalDatasets(resolved.settings, resolved.baseDir);
  const services = connectEvalServices(options.addresses);
  try {
    await services.waitUntilServing({ timeoutMs: options.readyTimeoutMs });
    const model = await services.servedModel();
    const settings = withModelLimit(resolved.settings, await services.maxContextTokens());
    const { report } = await evaluate(services, {
      settings, templates: resolved.templates, datasets, outDir: evalDir(options.runDir, label), label, model,
      onRecord: (_record, done, total) => options.onProgress(done, total),
    });
    return report;
  } finally {
    services.close();
  }
}
