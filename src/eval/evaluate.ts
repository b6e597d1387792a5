// One evaluation from settings to files: run the Reflexion loop over the loaded datasets,
// build the report, and write records, report and metrics into the output directory.
import type { PromptTemplates } from '../algorithm/templates.js';
import { loadDataset, type SkipNotice } from '../datasets/load-dataset.js';
import { buildReport, type EvalReport } from './eval-report.js';
import { EvalOutput } from './eval-output.js';
import type { EvalSettings } from './eval-settings.js';
import type { ProblemRecord } from './problem-record.js';
import type { LoopServices } from './reflexion-loop.js';
import { runEvaluation, type LoadedDataset } from './run-evaluation.js';

export interface EvaluateOptions {
  readonly settings: EvalSettings;
  readonly templates: PromptTemplates;
  /** The problems of settings.datasets (loadEvalDatasets), loaded before any service is waited for. */
  readonly datasets: readonly LoadedDataset[];
  readonly outDir: string;
  readonly label: string;
  readonly model: string;
  readonly onRecord?: (record: ProblemRecord, done: number, total: number) => void;
}

export interface Evaluation {
  readonly report: EvalReport;
  readonly records: readonly ProblemRecord[];
}

/** Relative paths are resolved against baseDir; a bad dataset throws a DatasetError naming it. */
export async function loadEvalDatasets(settings: Pick<EvalSettings, 'datasets'>, baseDir: string, onSkipped?: SkipNotice): Promise<LoadedDataset[]> {
  return Promise.all(settings.datasets.map(async (dataset) => ({ dataset, problems: await loadDataset(dataset.spec, baseDir, onSkipped) })));
}

export async function evaluate(services: LoopServices, options: EvaluateOptions): Promise<Evaluation> {
  const startedAt = new Date();
  const output = await EvalOutput.create(options.outDir);
  const result = await runEvaluation(services, {
    settings: options.settings,
    datasets: options.datasets,
    templates: options.templates,
    onRecord: (record, done, total) => {
      output.append(record);
      options.onRecord?.(record, done, total);
    },
  });
  const report = buildReport(options.settings, result, { label: options.label, model: options.model, startedAt });
  await output.finish(report, result.records);
  return { report, records: result.records };
}
