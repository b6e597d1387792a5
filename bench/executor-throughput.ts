// Executor throughput: executions per second of an MBPP-sized program with three asserts at
// concurrency 2, per sandbox mode, against the rate of bare `python3 -c pass` spawns at
// concurrency 2 measured in the same run (the floor of one fresh process per execution).
// Target: ratio >= 1.5.
import { spawn } from 'node:child_process';
import { Engine } from '../src/executor/engine.js';
import type { Job } from '../src/executor/job.js';
import { resolvePython } from '../src/executor/python.js';
import { probeBwrap, type SandboxMode } from '../src/executor/sandbox.js';

const CONCURRENCY = 2;
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);

const program = `import heapq

def k_smallest_pairs(nums1, nums2, k):
    """Return the k pairs (u, v) with the smallest sums, u from nums1 and v from nums2."""
    queue = []
    def push(i, j):
        if i < len(nums1) and j < len(nums2):
            heapq.heappush(queue, [nums1[i] + nums2[j], i, j])
    push(0, 0)
    pairs = []
    while queue and len(pairs) < k:
        _, i, j = heapq.heappop(queue)
        pairs.append([nums1[i], nums2[j]])
        push(i, j + 1)
        if j == 0:
            push(i + 1, 0)
    return pairs
`;

const job: Job = {
  code: program,
  tests: [
    { name: 't1', kind: 'code', source: 'assert k_smallest_pairs([1,3,7],[2,4,6],2)==[[1, 2], [1, 4]]' },
    { name: 't2', kind: 'code', source: 'assert k_smallest_pairs([1,3,7],[2,4,6],1)==[[1, 2]]' },
    { name: 't3', kind: 'code', source: 'assert k_smallest_pairs([1,3,7],[2,4,6],7)==[[1, 2], [1, 4], [3, 2], [1, 6], [3, 4], [3, 6], [7, 2]]' },
  ],
  moduleName: 'solution',
  timeoutSeconds: 10,
  testTimeoutSeconds: 0,
};

/** Runs `task` back to back on `CONCURRENCY` lanes for SECONDS; returns completions per second. */
async function rate(task: () => Promise<void>): Promise<number> {
  let done = 0;
  const end = Date.now() + SECONDS * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (Date.now() < end) {
      await task();
      done++;
    }
  }));
  return done / (Number(process.hrtime.bigint() - started) / 1e9);
}

function bareSpawn(executable: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, ['-c', 'pass'], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`python3 -c pass exited ${code}`))));
  });
}

async function executions(mode: SandboxMode): Promise<number> {
  const engine = await Engine.start({ sandbox: mode, concurrency: CONCURRENCY });
  try {
    const check = await engine.execute(job);
    if (check.reward !== 1) throw new Error(`benchmark program did not pass in ${mode} mode: ${JSON.stringify(check.results[0])}`);
    await rate(async () => void (await engine.execute(job)));
    return await rate(async () => {
      const result = await engine.execute(job);
      if (result.passed !== 3) throw new Error(`a benchmark execution failed in ${mode} mode`);
    });
  } finally {
    await engine.close();
  }
}

const python = resolvePython();
console.log(`executor throughput: MBPP-sized program, 3 asserts, concurrency ${CONCURRENCY}, ${SECONDS} s per figure, python ${python.version} (${python.executable})`);
const modes: SandboxMode[] = ['process'];
const layout = { python, harnessDir: '/nonexistent', workDir: '/tmp', root: process.getuid?.() === 0 };
if (probeBwrap({ ...layout, harnessDir: '/usr' })) modes.unshift('bwrap');
else console.log('  bwrap: not available here (probe failed); measuring process mode only');
for (const mode of modes) {
  const spawns = await rate(() => bareSpawn(python.executable));
  const runs = await executions(mode);
  console.log(`  ${mode.padEnd(8)} ${runs.toFixed(1).padStart(7)} executions/s   bare python3 -c pass ${spawns.toFixed(1).padStart(7)} spawns/s   ratio ${(runs / spawns).toFixed(2)}x (target >= 1.5x)`);
}
