// The summary an evaluation writes (report.json) and an operator or a person reads back: the
// settings that make it reproducible, and pass@1 per dataset and iteration count.
import { z } from 'zod';
import type { EvalSettings } from './eval-settings.js';
import type { EvaluationResult } from './run-evaluation.js';

export const REPORT_KIND = 'murphy-eval-report';

export const evalReportSchema = z.object({
  kind: z.literal(REPORT_KIND),
  version: z.literal(1),
  /** Free text naming what was evaluated: "base" or "final" for a MurphyRun, else the model. */
  label: z.string(),
  model: z.string(),
  startedAt: z.string(),
  wallSeconds: z.number().nonnegative(),
  settings: z.object({
    iterations: z.array(z.number().int().positive()),
    runs: z.number().int().positive(),
    temperature: z.number(),
    topP: z.number(),
    maxNewTokens: z.number().int(),
    seed: z.number().int(),
    timeoutSeconds: z.number(),
    /** Reflexion's self-reflection step; absent in reports written before it existed. */
    selfReflection: z.boolean().default(false),
  }),
  datasets: z.array(z.object({ name: z.string(), source: z.string(), problems: z.number().int(), visibleTests: z.number().int(), splitSeed: z.number().int() })),
  results: z.array(
    z.object({
      dataset: z.string(),
      iterations: z.number().int().positive(),
      problems: z.number().int(),
      runs: z.array(z.number().min(0).max(1)),
      mean: z.number().min(0).max(1),
      std: z.number().min(0),
    }),
  ),
});

export type EvalReport = z.infer<typeof evalReportSchema>;

export interface ReportContext {
  readonly label: string;
  readonly model: string;
  readonly startedAt: Date;
}

export function buildReport(settings: EvalSettings, result: EvaluationResult, context: ReportContext): EvalReport {
  const { temperature, topP, maxNewTokens } = settings.sampling;
  return {
    kind: REPORT_KIND,
    version: 1,
    label: context.label,
    model: context.model,
    startedAt: context.startedAt.toISOString(),
    wallSeconds: Math.round(result.wallSeconds * 1000) / 1000,
    settings: { iterations: [...settings.iterations], runs: settings.runs, temperature, topP, maxNewTokens, seed: settings.seed, timeoutSeconds: settings.timeoutSeconds, selfReflection: settings.selfReflection },
    datasets: settings.datasets.map(({ name, spec }) => ({
      name, source: spec.source, problems: result.problems[name] ?? 0, visibleTests: spec.visibleTests, splitSeed: spec.seed,
    })),
    results: result.table.map(({ dataset, iterations, problems, runs, mean, std }) => ({ dataset, iterations, problems, runs: [...runs], mean, std })),
  };
}
