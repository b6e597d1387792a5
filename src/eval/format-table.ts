// pass@1 as a table: aligned plain text for the terminal and GitHub-flavoured Markdown for files.
import type { EvalReport } from './eval-report.js';

const HEADER = ['dataset', 'iterations', 'pass@1 (%)', 'problems', 'runs'] as const;

/** "42.1 ± 3.0": percentages with one decimal. */
export function meanStd(mean: number, std: number): string {
  return `${(mean * 100).toFixed(1)} ± ${(std * 100).toFixed(1)}`;
}

function rows(report: EvalReport): string[][] {
  return report.results.map((r) => [r.dataset, String(r.iterations), meanStd(r.mean, r.std), String(r.problems), String(r.runs.length)]);
}

function aligned(header: readonly string[], body: readonly (readonly string[])[]): string {
  const all = [header, ...body];
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  const line = (row: readonly string[]) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n') + '\n';
}

export function textTable(report: EvalReport): string {
  return aligned(HEADER, rows(report));
}

/**
 * The layout of the MURPHY paper's results tables: one row for the evaluated model, and for each
 * dataset (in the order given) one column per iteration count ("humaneval Iter-1", "humaneval
 * Iter-3", "mbpp Iter-1", ...).
 */
export function paperTable(report: EvalReport): string {
  const columns = report.results.map((r) => ({ header: `${r.dataset} Iter-${r.iterations}`, cell: meanStd(r.mean, r.std) }));
  return aligned(['model', ...columns.map((c) => c.header)], [[report.label, ...columns.map((c) => c.cell)]]);
}

/** Two evaluations under the same settings side by side (a run's base model and final policy), with the change in points. */
export function comparisonTable(before: EvalReport, after: EvalReport): string {
  const body = after.results.flatMap((r) => {
    const old = before.results.find((b) => b.dataset === r.dataset && b.iterations === r.iterations);
    if (old === undefined) return [];
    const change = (r.mean - old.mean) * 100;
    return [[r.dataset, String(r.iterations), meanStd(old.mean, old.std), meanStd(r.mean, r.std), `${change >= 0 ? '+' : ''}${change.toFixed(1)}`]];
  });
  return aligned(['dataset', 'iterations', `${before.label} pass@1 (%)`, `${after.label} pass@1 (%)`, 'change (points)'], body);
}

export function markdownReport(report: EvalReport): string {
  const { settings } = report;
  const table = [`| ${HEADER.join(' | ')} |`, `|${HEADER.map(() => '---').join('|')}|`, ...rows(report).map((row) => `| ${row.join(' | ')} |`)];
  return [
    `# Evaluation: ${report.label}`,
    '',
    `Model: \`${report.model}\`. Started ${report.startedAt}, took ${report.wallSeconds.toFixed(1)} s.`,
    '',
    `Reflexion-style pass@1, mean ± std over ${settings.runs} run(s); iteration 1 is plain generation, later iterations`,
    `show feedback from the visible tests${settings.selfReflection ? ' and the model\'s self-reflection on each failed attempt' : ''}, and the final program is scored on all tests.`,
    `Sampling: temperature ${settings.temperature}, top-p ${settings.topP}, at most ${settings.maxNewTokens} new tokens, seed ${settings.seed}.`,
    '',
    ...table,
    '',
    ...report.datasets.map((d) => `- ${d.name}: \`${d.source}\`, ${d.problems} problems; ${d.visibleTests} visible test(s) drawn with seed ${d.splitSeed} where the set has no split of its own`),
    '',
  ].join('\n');
}
