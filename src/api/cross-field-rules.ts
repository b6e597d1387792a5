// Rules that tie several fields of a MurphyRun spec together. Each rule is written twice on
// purpose, side by side: as CEL for the API server (x-kubernetes-validations in the CRD) and as a
// TypeScript predicate for `murphy validate` and the local run. A test checks that both agree.
// A rule without a predicate holds only on the API server: a transition rule (CEL that reads
// oldSelf, so an update may not change a field), or one about what pods in a cluster can reach.
import { QUANTITY_PATTERN } from './kubernetes-types.js';
import { TRACKERS, type MurphyRunSpec } from './murphyrun.js';

export interface CrossFieldRule {
  /** Where the rule sits in the CRD schema, as a dotted path below `spec` ('' for spec itself). */
  readonly at: 'model' | 'algorithm' | 'training' | 'inference' | 'storage' | 'tracking' | '';
  /** CEL evaluated by the API server against the object at `at`. */
  readonly cel: string;
  readonly message: string;
  /** The field the message is about, relative to `spec`. */
  readonly field: string;
  /** Absent for a rule only the API server checks. */
  readonly holds?: (spec: MurphyRunSpec) => boolean;
}

export const crossFieldRules: readonly CrossFieldRule[] = [
  {
    at: 'model',
    cel: "(has(self.download) && self.download) || (has(self.source) && (self.source.startsWith('builtin:') || (self.source.startsWith('/') && (!self.source.startsWith('/murphy/models/') || has(self.claimName)))))",
    message: "murphy's images are offline, so the pods cannot fetch a model by name: set model.download: true to download model.name into the run's volume, or set model.source to the weights' directory on the run's volume (/checkpoints/...) or on model.claimName's claim (/murphy/models/...)",
    field: 'model.source',
  },
  {
    at: 'model',
    cel: '!has(self.download) || !self.download || !has(self.source)',
    message: 'model.download fetches model.name into the run\'s volume: leave model.source unset',
    field: 'model.source',
    holds: (s) => !s.model.download || s.model.source === undefined,
  },
  {
    at: '',
    cel: "!has(self.trainer) || !has(self.trainer.nodes) || self.trainer.nodes <= 1 || (has(self.storage) && has(self.storage.accessMode) && self.storage.accessMode == 'ReadWriteMany')",
    message: 'a trainer on several nodes shares the run\'s volume across nodes: set storage.accessMode to ReadWriteMany (with a storage class that offers it)',
    field: 'storage.accessMode',
    holds: (s) => s.trainer.nodes <= 1 || s.storage.accessMode === 'ReadWriteMany',
  },
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
    at: 'training',
    cel: "!has(self.maxPolicyLag) || self.maxPolicyLag == 0 || !has(self.importanceSampling) || self.importanceSampling != 'none'",
    message: 'maxPolicyLag 1 or more trains on samples of an older policy, which decoupled PPO corrects: leave importanceSampling unset (token) or set token or sequence, or set maxPolicyLag to 0',
    field: 'training.importanceSampling',
    holds: (s) => s.training.maxPolicyLag === 0 || s.training.importanceSampling !== 'none',
  },
  {
    at: 'inference',
    cel: 'self.gpus == 0 || self.tensorParallel <= self.gpus',
    message: 'tensorParallel cannot exceed gpus per replica',
    field: 'inference.tensorParallel',
    holds: (s) => s.inference.gpus === 0 || s.inference.tensorParallel <= s.inference.gpus,
  },
  {
    at: 'inference',
    cel: "self.backend != 'vllm' || self.gpus > 0",
    message: 'the vllm backend needs GPUs: set inference.gpus to 1 or more, or use backend hf on CPU',
    field: 'inference.gpus',
    holds: (s) => s.inference.backend !== 'vllm' || s.inference.gpus > 0,
  },
  {
    at: 'storage',
    cel: 'isQuantity(self.size)',
    message: 'size must be a quantity such as 50Gi or 500G',
    field: 'storage.size',
    holds: (s) => QUANTITY_PATTERN.test(s.storage.size),
  },
  {
    at: 'tracking',
    cel: 'has(self.mlflow) || has(self.tensorboard) || has(self.wandb) || has(self.trackio)',
    message: 'tracking names no tracker: add mlflow, tensorboard, wandb or trackio (or leave tracking out)',
    field: 'tracking',
    holds: (s) => s.tracking === undefined || TRACKERS.some((name) => s.tracking?.[name] !== undefined),
  },
  {
    at: 'storage',
    cel: 'self == oldSelf',
    message: 'storage cannot change once the run exists (its checkpoints live there): delete the run and create it again with storage.claimName set to the old claim',
    field: 'storage',
  },
];
