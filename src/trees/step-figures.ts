// One line of metrics.jsonl, as far as the page shows it beside a step's trees: pass rate per turn
// and the nodes generated, kept and pruned. Everything else in the line is left to other readers.
import { z } from 'zod';

export const stepFiguresSchema = z.object({
  step: z.number().int(),
  passRates: z.array(z.number()).optional(),
  nodes: z.object({ generated: z.number(), kept: z.number(), pruned: z.number() }).partial().optional(),
});

export type StepFigures = z.output<typeof stepFiguresSchema>;
