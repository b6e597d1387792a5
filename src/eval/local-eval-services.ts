// The services `murphy eval` starts for itself: the executor (unless --executor names one) and, with
// --model, an inference service for that model, as child processes on loopback ports with the exact commands `murphy run` uses
// (src/run/local-services.ts), logging into <out>/logs. There is no trainer.
import { mkdir } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { validateMurphyRun } from '../api/load.js';
import type { ResolvedSpec } from '../api/resolve.js';
import { ChildService } from '../run/child-service.js';
import { freePorts } from '../run/free-port.js';
import { executorCommand, inferenceCommand, pythonOf, type LocalContext } from '../run/local-services.js';
import { packageRoot } from '../run/package-root.js';
import { RunLayout } from '../run/run-layout.js';
import { unexpectedExit } from '../run/unexpected-exit.js';
import type { EvalAddresses } from './connect-eval-services.js';

export interface ServedModel {
  /** A model directory or builtin:tiny; without one only the executor is started. */
  readonly model?: string;
  readonly backend: 'hf' | 'vllm';
  readonly sandbox: 'auto' | 'bwrap' | 'process';
  /** The MurphyRun whose inference and executor settings to use, if any. */
  readonly spec?: ResolvedSpec;
}

export interface LocalEvalServices {
  readonly addresses: Partial<EvalAddresses>;
  readonly logs: string;
  /** Rejects when a service exits before stop() (with the end of its log); never resolves. */
  readonly crashed: Promise<never>;
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 10_000;

function baseSpec(): ResolvedSpec {
  const result = validateMurphyRun({ apiVersion: 'murphy.dev/v1alpha1', kind: 'MurphyRun', metadata: { name: 'eval' }, spec: { model: { name: 'eval' }, dataset: { source: 'builtin:mini' } } });
  if (!result.ok || result.runs[0] === undefined) throw new Error(`the built-in evaluation spec is invalid: ${JSON.stringify(result)}`);
  return result.runs[0].spec;
}

/** The spec the service commands are built from: the run's (or a default one) serving `model`. */
export function servingSpec(served: ServedModel): ResolvedSpec {
  const spec = served.spec ?? baseSpec();
  return {
    ...spec,
    model: served.model === undefined ? spec.model : { name: served.model, source: served.model, download: false },
    inference: { ...spec.inference, backend: served.backend },
    executor: { ...spec.executor, sandbox: served.sandbox },
  };
}

export async function startLocalEvalServices(served: ServedModel, outDir: string, env: NodeJS.ProcessEnv): Promise<LocalEvalServices> {
  const out = resolve(outDir);
  const layout = new RunLayout(dirname(out), basename(out));
  await mkdir(layout.logs, { recursive: true });
  const [executorGrpc, executorMetrics, inferenceGrpc, inferenceMetrics] = (await freePorts(4)) as [number, number, number, number];
  const root = packageRoot();
  const ctx: LocalContext = {
    spec: servingSpec(served), runFile: '', layout, root, env,
    ports: { executor: { grpc: executorGrpc, metrics: executorMetrics }, inference: { grpc: inferenceGrpc, metrics: inferenceMetrics }, trainer: { grpc: 0, metrics: 0 } },
  };
  const commands = [executorCommand(ctx), ...(served.model === undefined ? [] : [inferenceCommand(ctx, pythonOf(root, env))])];
  const children = commands.map((command) => new ChildService(command));
  const killAll = () => children.forEach((child) => child.kill());
  process.on('exit', killAll);
  return {
    addresses: { executor: `127.0.0.1:${executorGrpc}`, ...(served.model === undefined ? {} : { inference: `127.0.0.1:${inferenceGrpc}` }) },
    logs: layout.logs,
    crashed: unexpectedExit(children),
    stop: async () => {
      await Promise.all(children.map((child) => child.stop(STOP_GRACE_MS)));
      process.off('exit', killAll);
    },
  };
}
