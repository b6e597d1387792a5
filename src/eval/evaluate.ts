// One evaluation from settings to files: load the datasets, run the Reflexion loop over them,
// build the report, and write records, report and metrics into the output directory.
import type { PromptTemplates } from '../algorithm/templates.js';
import { loadDataset } from '../datasets/load-dataset.js';
import { buildReport, type EvalReport } from './eval-report.js';
import { EvalOutput } from './eval-output.js';
import type { EvalSettings } from './eval-settings.js';
import type { ProblemRecord } from './problem-record.js';
import type { LoopServices } from './reflexion-loop.js';
import { runEvaluation, type LoadedDataset } from './run-evaluation.js';

export interface EvaluateOptions {
  readonly settings: EvalSettings;
  readonly templates: PromptTemplates;
  /** Relative dataset paths are resolved against it. */
  readonly baseDir: string;
  readonly outDir: string;
  readonly label: string;
  readonly model: string;
  readonly onRecord?: (record: ProblemRecord, done: number, total: number) => void;
}

export interface Evaluation {
  readonly report: EvalReport;
  readonly records: readonly ProblemRecord[];
}

export async function loadEvalDatasets(settings: Pick<EvalSettings, 'datasets'>, baseDir: string): Promise<LoadedDataset[]> {
  return Promise.all(settings.datasets.map(async (dataset) => ({ dataset, problems: await loadDataset(dataset.spec, baseDir) })));
}

export async function evaluate(services: LoopServices, options: EvaluateOptions): Promise<Evaluation> {
  const startedAt = new Date();
  const datasets = await loadEvalDatasets(options.settings, options.baseDir);
  const output = await EvalOutput.create(options.outDir);
  const result = await runEvaluation(services, {
    settings: options.settings,
    datasets,
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
