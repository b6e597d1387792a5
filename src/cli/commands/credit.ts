// `murphy credit [FILE]`: pruning, credit and advantages on rollout trees given as JSON.
import { z } from 'zod';
import { scoreTrees } from '../../algorithm/score-trees.js';
import type { NodeInput } from '../../algorithm/rollout-tree.js';
import { fieldErrorsFromZod } from '../../api/field-error.js';
import { algorithmSchema, creditSchema, pruningSchema } from '../../api/murphyrun.js';
import { perTurnDefaults } from '../../api/resolve.js';
import type { AlgorithmConfig } from '../../algorithm/config.js';
import { type Command } from '../command.js';
import { UsageError } from '../../user-input/usage-error.js';
import { parseJson, readInput } from '../read-input.js';

const nodeSchema: z.ZodType<NodeInput> = z.lazy(() =>
  z.strictObject({ id: z.string().min(1), reward: z.number().min(0).max(1), children: z.array(nodeSchema).optional() }),
);

const creditInputSchema = z.strictObject({
  config: z.strictObject({
    turns: algorithmSchema.shape.turns,
    maxReward: algorithmSchema.shape.maxReward,
    credit: creditSchema.default({ strategy: 'MARS', gamma: 1.0 }),
    pruning: pruningSchema.default({ strategy: 'none', alpha: [0, 1] }),
  }),
  trees: z.array(z.strictObject({ id: z.string().min(1), children: z.array(nodeSchema) })),
});

function configOf(input: z.output<typeof creditInputSchema>['config']): AlgorithmConfig {
  const { turns, maxReward, credit, pruning } = input;
  if (pruning.budgets !== undefined && pruning.budgets.length !== turns) {
    throw new UsageError(`config.pruning.budgets: must have one entry per turn (${turns}), got ${pruning.budgets.length}`);
  }
  const { budgets } = perTurnDefaults(turns, undefined, pruning.budgets);
  return { turns, maxReward, credit, pruning: { ...pruning, budgets } };
}

export const creditCommand: Command = {
  name: 'credit',
  usage: 'murphy credit [FILE]   (reads stdin without FILE)',
  async run(args, io) {
    if (args.length > 1) throw new UsageError(`usage: ${this.usage}`);
    const source = args[0] ?? 'stdin';
    const parsed = creditInputSchema.safeParse(parseJson(await readInput(args[0], io), source), { reportInput: true });
    if (!parsed.success) {
      for (const error of fieldErrorsFromZod(parsed.error)) io.stderr(`${source}: ${error.path}: ${error.message}\n`);
      return 1;
    }
    let result;
    try {
      result = scoreTrees(parsed.data.trees, configOf(parsed.data.config));
    } catch (error) {
      if (error instanceof RangeError) throw new UsageError(`${source}: ${error.message}`);
      throw error;
    }
    const nodes = result.nodes.map(({ id, turn, reward, credited, advantage, kept }) => ({ id, turn, reward, credited, advantage, kept }));
    io.stdout(`${JSON.stringify({ updates: result.updates, nodes }, null, 2)}\n`);
    return 0;
  },
};
