// How fast `murphy` starts: `murphy --help` and `murphy validate --help` against a bare `node -e ""`,
// interleaved in one run (the machines are shared), as the ratio of medians.
import { spawnSync } from 'node:child_process';

const RUNS = 15;
const CLI = 'dist/src/cli/main.js';

function seconds(args: readonly string[]): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${result.status}`);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

const cases: Record<string, string[]> = { 'node -e ""': ['-e', ''], 'murphy --help': [CLI, '--help'], 'murphy validate --help': [CLI, 'validate', '--help'] };
const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (let i = 0; i < RUNS; i++) for (const [name, args] of Object.entries(cases)) times[name]?.push(seconds(args));
const bare = median(times['node -e ""'] ?? []);
for (const [name, values] of Object.entries(times)) {
  console.log(`${name.padEnd(24)} median ${(median(values) * 1000).toFixed(0).padStart(5)} ms  ${(median(values) / bare).toFixed(2)}x bare node`);
}
