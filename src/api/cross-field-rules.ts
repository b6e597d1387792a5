// Rules that tie several fields of a MurphyRun spec together. Each rule is written twice on
// purpose, side by side: as CEL for the API server (x-kubernetes-validations in the CRD) and as a
// TypeScript predicate for `murphy validate` and the local run. A test checks that both agree.
import type { MurphyRunSpec } from './murphyrun.js';

export interface CrossFieldRule {
  /** Where the rule sits in the CRD schema, as a dotted path below `spec` ('' for spec itself). */
  readonly at: 'algorithm' | 'inference' | '';
  /** CEL evaluated by the API server against the object at `at`. */
  readonly cel: string;
  readonly message: string;
  /** The field the message is about, relative to `spec`. */
  readonly field: string;
  readonly holds: (spec: MurphyRunSpec) => boolean;
}

export const crossFieldRules: readonly CrossFieldRule[] = [
  {
    at: 'algorithm',
    cel: '!has(self.generations) || size(self.generations) == self.turns',
    message: 'generations must have one entry per turn',
    field: 'algorithm.generations',
    holds: (s) => s.algorithm.generations === undefined || s.algorithm.generations.length === s.algorithm.turns,
  },
  {
    at: 'algorithm',
    cel: '!has(self.pruning.budgets) || size(self.pruning.budgets) == self.turns',
    message: 'pruning.budgets must have one entry per turn (null for no pruning at that turn)',
    field: 'algorithm.pruning.budgets',
    holds: (s) => s.algorithm.pruning.budgets === undefined || s.algorithm.pruning.budgets.length === s.algorithm.turns,
  },
  {
    at: 'algorithm',
    cel: "self.pruning.strategy != 'inter' || !has(self.pruning.budgets) || size(self.pruning.budgets) == 0 || type(self.pruning.budgets[0]) == null_type",
    message: 'inter pruning ranks groups within a tree and turn 1 has a single group: budgets[0] must be null',
    field: 'algorithm.pruning.budgets',
    holds: (s) => s.algorithm.pruning.strategy !== 'inter' || (s.algorithm.pruning.budgets?.[0] ?? null) === null,
  },
  {
    at: 'inference',
    cel: 'self.gpus == 0 || self.tensorParallel <= self.gpus',
    message: 'tensorParallel cannot exceed gpus per replica',
    field: 'inference.tensorParallel',
    holds: (s) => s.inference.gpus === 0 || s.inference.tensorParallel <= s.inference.gpus,
  },
];
