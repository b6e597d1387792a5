// One line of trees.jsonl as the page reads it (src/coordinator/step/step-records.ts writes it):
// the fields the page shows, checked, so that a malformed line is reported by its number instead of
// breaking the page. Fields the page does not show (token counts, completions, seeds) are dropped.
import { z } from 'zod';

const feedbackSchema = z.object({
  passed: z.number(),
  total: z.number(),
  failures: z.array(z.object({ test: z.string(), actual: z.string() })),
});

const nodeSchema = z.object({
  id: z.string(),
  parent: z.string().nullable(),
  turn: z.number().int().min(1),
  reward: z.number(),
  passed: z.number(),
  total: z.number(),
  credited: z.number().nullable(),
  advantage: z.number().nullable(),
  kept: z.boolean(),
  policyVersion: z.number().optional(),
  finishReason: z.string().optional(),
  code: z.string(),
  feedback: feedbackSchema,
});

const messageSchema = z.object({ role: z.string(), content: z.string() });

export const treeRecordSchema = z.object({
  step: z.number().int(),
  tree: z.string(),
  problem: z.string(),
  groups: z.record(z.string(), z.object({ prompt: z.array(messageSchema) })),
  nodes: z.array(nodeSchema),
});

export type TreeRecord = z.output<typeof treeRecordSchema>;
export type RecordedNode = TreeRecord['nodes'][number];
export type RecordedFeedback = RecordedNode['feedback'];
