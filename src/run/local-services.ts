// The commands `murphy run` starts, exactly as the containers run them: the executor (this murphy
// binary), inference (hf backend) and the trainer (torchrun), on loopback ports, logging into
// runs/<name>/logs. Python comes from the project's environment (.venv, made by `make setup`)
// unless MURPHY_PYTHON names another interpreter.
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedSpec } from '../api/resolve.js';
import { POLICY_FILE } from '../coordinator/persistence/published-policy.js';
import type { ServiceCommand } from './child-service.js';
import type { RunLayout } from './run-layout.js';
import { ServiceStartError } from './user-errors.js';

export interface ServicePorts {
  readonly grpc: number;
  readonly metrics: number;
}

export interface LocalPorts {
  readonly executor: ServicePorts;
  readonly inference: ServicePorts;
  readonly trainer: ServicePorts;
}

export interface LocalContext {
  readonly spec: ResolvedSpec;
  /** The resolved MurphyRun file, every default filled in (the trainer reads its settings from it). */
  readonly runFile: string;
  readonly layout: RunLayout;
  readonly ports: LocalPorts;
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;
}

export function pythonOf(root: string, env: NodeJS.ProcessEnv): string {
  const python = env.MURPHY_PYTHON ?? join(root, '.venv', 'bin', 'python');
  if (!existsSync(python)) {
    throw new ServiceStartError(`no Python environment at ${python}: run "make setup" in ${root} first (or set MURPHY_PYTHON)`);
  }
  return python;
}

/** Offline, unbuffered Python: nothing may be fetched from a model hub, and logs arrive as written. */
function pythonEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, HF_HUB_OFFLINE: '1', TRANSFORMERS_OFFLINE: '1', PYTHONUNBUFFERED: '1', TOKENIZERS_PARALLELISM: 'false' };
}

const modelOf = (spec: ResolvedSpec): string => spec.model.source ?? spec.model.name;

export function executorCommand(ctx: LocalContext): ServiceCommand {
  const { spec, ports } = ctx;
  const concurrency = spec.executor.concurrency ?? availableParallelism();
  return {
    name: 'executor',
    command: process.execPath,
    args: [join(ctx.root, 'dist', 'src', 'cli', 'main.js'), 'executor', '--host', '127.0.0.1', '--port', String(ports.executor.grpc),
      '--metrics-port', String(ports.executor.metrics), '--sandbox', spec.executor.sandbox, '--concurrency', String(concurrency)],
    env: ctx.env,
    logFile: ctx.layout.log('executor'),
  };
}

/** `policyFile`: the coordinator's published policy, which a restarted inference loads before it serves. */
export function inferenceCommand(ctx: LocalContext, python: string, policyFile?: string): ServiceCommand {
  const { spec, ports } = ctx;
  return {
    name: 'inference',
    command: python,
    args: ['-m', 'murphy_inference', '--backend', spec.inference.backend, '--model', modelOf(spec), '--host', '127.0.0.1',
      '--port', String(ports.inference.grpc), '--metrics-port', String(ports.inference.metrics), ...(policyFile ? ['--policy-file', policyFile] : []),
      ...spec.inference.args],
    env: pythonEnv(ctx.env),
    logFile: ctx.layout.log('inference'),
  };
}

export function trainerCommand(ctx: LocalContext, python: string): ServiceCommand {
  const { spec, ports } = ctx;
  const processes = Math.max(1, spec.trainer.gpusPerNode);
  return {
    name: 'trainer',
    command: python,
    args: ['-m', 'torch.distributed.run', '--standalone', '--nproc-per-node', String(processes), '-m', 'murphy_trainer',
      '--model', modelOf(spec), '--config', ctx.runFile, '--host', '127.0.0.1', '--port', String(ports.trainer.grpc), '--metrics-port', String(ports.trainer.metrics),
      '--checkpoint-dir', ctx.layout.checkpoints],
    env: pythonEnv(ctx.env),
    logFile: ctx.layout.log('trainer'),
  };
}

export function localCommands(ctx: LocalContext): ServiceCommand[] {
  const python = pythonOf(ctx.root, ctx.env);
  return [executorCommand(ctx), inferenceCommand(ctx, python, join(ctx.layout.dir, POLICY_FILE)), trainerCommand(ctx, python)];
}
