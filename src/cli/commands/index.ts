// Every `murphy` subcommand, in the order `murphy help` lists them. A command's module is imported
// only when that command runs or shows its usage, so `murphy --help` and each command load only what
// they need (the operator's Kubernetes client, gRPC and the executor are large).
import type { CommandEntry } from '../command.js';

export const commands: readonly CommandEntry[] = [
  { name: 'run', summary: 'run a MurphyRun on this machine: executor, inference, trainer and coordinator', load: async () => (await import('./run.js')).runCommand },
  { name: 'validate', summary: 'check a MurphyRun file and print it with defaults applied', load: async () => (await import('./validate.js')).validateCommand },
  { name: 'trees', summary: 'write a run\'s rollout trees (trees.jsonl) as one self-contained HTML page', load: async () => (await import('./trees.js')).treesCommand },
  { name: 'credit', summary: 'run MURPHY pruning, credit assignment and advantages on JSON rollout trees', load: async () => (await import('./credit.js')).creditCommand },
  { name: 'render', summary: 'print the Kubernetes objects the operator would create for a MurphyRun', load: async () => (await import('./render.js')).renderCommand },
  { name: 'operator', summary: 'run the Kubernetes operator that turns MurphyRuns into running training jobs', load: async () => (await import('./operator.js')).operatorCommand },
  { name: 'executor', summary: 'serve the sandboxed executor over gRPC (murphy.v1.Executor)', load: async () => (await import('./executor.js')).executorCommand },
  { name: 'coordinator', summary: 'run the MURPHY training loop against running inference, executor and trainer services', load: async () => (await import('./coordinator.js')).coordinatorCommand },
  { name: 'exec', summary: 'run a program against its tests in the sandbox (JSON in, JSON out)', load: async () => (await import('./exec.js')).execCommand },
  { name: 'check-dataset', summary: 'run each record\'s reference solution through the executor and report the records whose own solution fails, by cause', load: async () => (await import('./check-dataset.js')).checkDatasetCommand },
  { name: 'eval', summary: 'Reflexion-style pass@1 of a model at iteration 1 and k, on HumanEval/MBPP/KodCode/BigCodeBench/murphy JSONL or a builtin: set', load: async () => (await import('./eval.js')).evalCommand },
];
