// End to end: `murphy run` with spec.tracking and a real MLflow tracking server started here. A run
// stopped after its first step, resumed while the server is down (training goes on, a warning
// says so), and started once more when the server is back: MLflow, asked through its own client,
// holds every step exactly once, in one MLflow run, with the spec as parameters; TensorBoard's
// event files, read by TensorBoard, hold every step too.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trackingPython } from '../../src/run/tracking-service.js';
import { MlflowServer } from './mlflow-server.js';
import { killProcessesOf, waitFor } from './processes.js';
import { runFiles } from './run-output.js';

const MURPHY = join(process.cwd(), 'dist', 'src', 'cli', 'main.js');
const TEN_MINUTES = 10 * 60_000;
const EXPERIMENT = 'murphy-e2e';

const runFileText = (uri: string) => `apiVersion: murphy.dev/v1alpha1
kind: MurphyRun
metadata: {name: tracked-tiny}
spec:
  model: {name: murphy-tiny, source: "builtin:tiny"}
  dataset: {source: "builtin:mini"}
  algorithm: {turns: 2, generations: [4, 2]}
  training: {maxSteps: 2, promptsPerStep: 2, maxNewTokens: 8, learningRate: 1.0e-4, checkpointInterval: 1}
  inference: {backend: hf, gpus: 0}
  trainer: {gpusPerNode: 0}
  tracking:
    mlflow: {trackingUri: "${uri}", experimentName: ${EXPERIMENT}}
    tensorboard: {}
`;

/** What MLflow holds for the experiment, read with MlflowClient and TensorBoard's reader in the trackers' Python. */
function readBack(python: string, uri: string, tensorboardDir: string): { runs: number; steps: Record<string, number[]>; params: Record<string, string>; tensorboard: number[] } {
  const script = `
import json, sys
from mlflow.tracking import MlflowClient
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
client = MlflowClient(sys.argv[1])
runs = client.search_runs([client.get_experiment_by_name("${EXPERIMENT}").experiment_id])
run = runs[0]
steps = {key: sorted(m.step for m in client.get_metric_history(run.info.run_id, key)) for key in run.data.metrics}
events = EventAccumulator(sys.argv[2], size_guidance={"scalars": 0})
events.Reload()
print(json.dumps({"runs": len(runs), "steps": steps, "params": run.data.params, "tensorboard": [e.step for e in events.Scalars("train/loss")]}))
`;
  const result = spawnSync(python, ['-c', script, uri, tensorboardDir], { encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as ReturnType<typeof readBack>;
}

describe('murphy run with spec.tracking', () => {
  const python = trackingPython(process.env);
  let server: MlflowServer;

  beforeAll(async () => {
    // Apart from the run's directory: killProcessesOf(dir) below must not reach the server.
    server = await MlflowServer.create(python, mkdtempSync(join(tmpdir(), 'murphy-mlflow-')));
    await server.start();
  }, 180_000);

  afterAll(async () => server.stop(), 60_000);

  it('logs every step once to MLflow through a stop, a resume while the server is down, and its return', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'murphy-tracked-'));
    const runFile = join(dir, 'run.yaml');
    writeFileSync(runFile, runFileText(server.uri));
    const runsDir = join(dir, 'runs');
    const out = runFiles(runsDir, 'tracked-tiny');
    const murphyRun = () => spawnSync(process.execPath, [MURPHY, 'run', runFile, '--runs-dir', runsDir], { encoding: 'utf8', timeout: TEN_MINUTES });

    const first = spawn(process.execPath, [MURPHY, 'run', runFile, '--runs-dir', runsDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let firstOut = '';
    first.stdout.on('data', (chunk: Buffer) => (firstOut += chunk.toString()));
    const firstExit = new Promise<number | null>((resolve) => first.on('exit', (code) => resolve(code)));
    await waitFor(() => existsSync(join(out.dir, 'state.json')) && out.state().step >= 1, TEN_MINUTES / 2, 'step 1');
    first.kill('SIGTERM');
    expect(await firstExit).toBe(130);
    expect(firstOut).toMatch(/tracked-tiny: logging to mlflow, tensorboard \(tracking, pid \d+/);
    killProcessesOf(dir);

    await server.stop();
    const second = murphyRun();
    expect([second.status, second.stderr]).toEqual([0, '']);
    expect(second.stdout).toMatch(/tracking: warning: mlflow cannot log \(.+\); training goes on, and mlflow gets the steps it missed once it is back/);
    expect(second.stdout).toMatch(/tracked-tiny: finished 2\/2 steps/);
    expect(out.steps().map((s) => s.step)).toEqual([1, 2]);

    await server.start();
    const third = murphyRun();
    expect([third.status, third.stderr]).toEqual([0, '']);

    const logged = readBack(python, server.uri, join(out.dir, 'tracking', 'tensorboard'));
    expect(logged.runs).toBe(1);
    for (const key of ['policyVersion', 'train/loss', 'train/kl', 'train/gradNorm', 'train/learningRate', 'train/tokensPerSecond', 'passRates/turn1',
      'passRates/turn2', 'meanRewards/turn1', 'nodes/pruned', 'credit/mean', 'advantage/std', 'policyLag/0', 'seconds/rollout', 'seconds/train',
      'seconds/sync', 'checkpoint/version']) {
      expect([key, logged.steps[key]]).toEqual([key, [1, 2]]);
    }
    expect(logged.params['spec.training.maxSteps']).toBe('2');
    expect(logged.params['spec.algorithm.generations']).toBe('[4, 2]');
    expect(logged.tensorboard).toEqual([1, 2]);
  }, 3 * TEN_MINUTES);
});
