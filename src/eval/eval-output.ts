// The files of an evaluation in its output directory:
//   records.jsonl  one line per (dataset, run, problem): attempts, feedback given, hidden outcome;
//                  appended as problems finish, rewritten in fixed order at the end
//   report.json    settings and pass@1 per dataset and iteration (evalReportSchema)
//   report.md      the same as a Markdown table
//   metrics.prom   pass@1 as Prometheus gauges (murphy_eval_pass_at_1), for a textfile collector
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MetricsRegistry } from '../metrics/registry.js';
import type { EvalReport } from './eval-report.js';
import { markdownReport } from './format-table.js';
import type { ProblemRecord } from './problem-record.js';

export const EVAL_FILES = { records: 'records.jsonl', report: 'report.json', markdown: 'report.md', metrics: 'metrics.prom' } as const;

export async function evalMetricsText(report: EvalReport): Promise<string> {
  const metrics = new MetricsRegistry({ processMetrics: false });
  const labels = ['label', 'dataset', 'iterations'] as const;
  const mean = metrics.gauge('eval_pass_at_1', 'Reflexion pass@1 (0..1), mean over runs', labels);
  const std = metrics.gauge('eval_pass_at_1_std', 'Sample standard deviation of pass@1 over runs', labels);
  const problems = metrics.gauge('eval_problems', 'Problems evaluated per run', ['label', 'dataset']);
  for (const row of report.results) {
    const key = { label: report.label, dataset: row.dataset, iterations: String(row.iterations) };
    mean.set(key, row.mean);
    std.set(key, row.std);
    problems.set({ label: report.label, dataset: row.dataset }, row.problems);
  }
  return metrics.text();
}

export class EvalOutput {
  private appending: Promise<void> = Promise.resolve();

  private constructor(readonly dir: string) {}

  static async create(dir: string): Promise<EvalOutput> {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, EVAL_FILES.records), '');
    return new EvalOutput(dir);
  }

  /** Appends one record; appends are chained so lines never interleave. */
  append(record: ProblemRecord): void {
    this.appending = this.appending.then(() => appendFile(join(this.dir, EVAL_FILES.records), `${JSON.stringify(record)}\n`));
  }

  async finish(report: EvalReport, records: readonly ProblemRecord[]): Promise<void> {
    await this.appending;
    await writeFile(join(this.dir, EVAL_FILES.records), records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    await writeFile(join(this.dir, EVAL_FILES.report), `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(join(this.dir, EVAL_FILES.markdown), markdownReport(report));
    await writeFile(join(this.dir, EVAL_FILES.metrics), await evalMetricsText(report));
  }
}
