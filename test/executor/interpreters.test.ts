// Interpreters as users have them: a venv with a package only it has, an interpreter under /tmp,
// one the slot users cannot read (a clear error at start, never an ImportError mid-run), the
// environment allowlist, and the scientific interpreter (matplotlib, asyncio, scikit-learn: library
// behaviour is not a sandbox violation, while starting another program stays refused). Real
// engine, both sandbox modes where bwrap works, as the user running the tests (root here: programs
// then run as slot users) and, through the built CLI, as one non-root uid.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, type EngineOptions } from '../../src/executor/engine.js';
import type { Job, TestSpec } from '../../src/executor/job.js';
import { resolvePython } from '../../src/executor/python.js';
import { probeBwrap, type SandboxMode } from '../../src/executor/sandbox.js';
import { sciencePython } from './science-python.js';

const root = process.getuid?.() === 0;
const bwrap = probeBwrap({ python: resolvePython('/usr/bin/python3'), harnessDir: '/usr', workDir: '/tmp', root });
const modes: SandboxMode[] = bwrap ? ['process', 'bwrap'] : ['process'];
const CLI = 'dist/src/cli/main.js';
const USER = 65532;
// bwrap as that user needs user namespaces, which a host may not allow to everyone.
const userBwrap = root && spawnSync('bwrap', ['--unshare-user', '--unshare-pid', '--unshare-net', '--ro-bind', '/', '/', '/bin/true'], { uid: USER, gid: USER }).status === 0;
const userModes: SandboxMode[] = userBwrap ? ['process', 'bwrap'] : ['process'];

/** `murphy exec` as the non-root uid, the program and its tests as JSON. */
function execAsUser(mode: SandboxMode, args: readonly string[], code: string, tests: TestSpec[]): { reward: number; results: { name: string; status: string; errorMessage: string; stderr: string }[] } {
  const input = { code, tests: tests.map((t) => ({ name: t.name, code: (t as { source: string }).source })), timeoutSeconds: 60 };
  const run = spawnSync('node', [CLI, 'exec', '--sandbox', mode, ...args], {
    uid: USER,
    gid: USER,
    input: JSON.stringify(input),
    encoding: 'utf8',
    env: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/tmp', [PASSED]: 'through', [WITHHELD]: 'secret' },
    timeout: 120_000,
  });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as ReturnType<typeof execAsUser>;
}

/** A venv of /usr/bin/python3 under `parent`, with a package no other interpreter has. */
function makeVenv(parent: string): string {
  const venv = join(parent, 'venv');
  execFileSync('/usr/bin/python3', ['-m', 'venv', '--without-pip', venv]);
  const python = join(venv, 'bin', 'python');
  const site = execFileSync(python, ['-I', '-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'], { encoding: 'utf8' }).trim();
  mkdirSync(join(site, 'murphy_only_here'), { recursive: true });
  writeFileSync(join(site, 'murphy_only_here', '__init__.py'), 'ANSWER = 42\n');
  return python;
}

const snippet = (name: string, source: string): TestSpec => ({ name, kind: 'code', source });
const job = (code: string, tests: TestSpec[]): Job => ({ code, tests, moduleName: 'solution', timeoutSeconds: 60, testTimeoutSeconds: 30 });

// Readable by every user (slot users too); the temp folders of mkdtemp are 0700.
const shared = mkdtempSync(join(tmpdir(), 'murphy-interpreters-'));
chmodSync(shared, 0o755);
const venvPython = makeVenv(shared);
const PASSED = 'MURPHY_TEST_PASSED';
const WITHHELD = 'MURPHY_TEST_WITHHELD';

const VENV_PROGRAM = 'import os, sys\nimport murphy_only_here\ndef answer():\n    return murphy_only_here.ANSWER\ndef env(name):\n    return os.environ.get(name)\nPREFIX = sys.prefix\n';
const VENV_TESTS = [
  snippet('package', 'assert answer() == 42'),
  snippet('venv', `assert PREFIX == ${JSON.stringify(join(shared, 'venv'))}`),
  snippet('passed', `assert env("${PASSED}") == "through"`),
  snippet('withheld', `assert env("${WITHHELD}") is None`),
  snippet('defaults', 'assert (env("MPLBACKEND"), env("OMP_NUM_THREADS"), env("OPENBLAS_NUM_THREADS")) == ("Agg", "1", "1")'),
  snippet('judge', `import os\nassert os.environ.get("${PASSED}") == "through" and os.environ.get("${WITHHELD}") is None`),
];

// Programs of the scientific interpreter's libraries, each with a test that passes only when it ran.
const PROGRAMS: Record<string, [string, string]> = {
  'matplotlib (Agg, its font cache prebuilt)': [
    'import io\nimport matplotlib.pyplot as plt\ndef png():\n    fig, ax = plt.subplots()\n    ax.plot([1, 2, 3], [1, 4, 9])\n    ax.set_title("squares")\n    buf = io.BytesIO()\n    fig.savefig(buf, format="png")\n    plt.close(fig)\n    return buf.getvalue()[:8]\n',
    'assert png() == b"\\x89PNG\\r\\n\\x1a\\n"',
  ],
  'asyncio': ['import asyncio\nasync def double(x):\n    await asyncio.sleep(0)\n    return 2 * x\ndef run(x):\n    return asyncio.run(double(x))\n', 'assert run(21) == 42'],
  'scikit-learn': [
    'import numpy as np\nfrom sklearn.linear_model import LinearRegression\ndef slope(xs, ys):\n    model = LinearRegression().fit(np.array(xs).reshape(-1, 1), np.array(ys))\n    return round(float(model.coef_[0]), 6)\n',
    'assert slope([0, 1, 2, 3], [1, 3, 5, 7]) == 2.0',
  ],
  'another program (still refused: PermissionError)': [
    'import subprocess\ndef run():\n    try:\n        subprocess.run(["/bin/true"])\n        return "ran"\n    except PermissionError:\n        return "refused"\n',
    'assert run() == "refused"',
  ],
};

beforeAll(() => {
  process.env[PASSED] = 'through';
  process.env[WITHHELD] = 'secret';
});

afterAll(() => {
  delete process.env[PASSED];
  delete process.env[WITHHELD];
  rmSync(shared, { recursive: true, force: true });
});

async function withEngine<T>(options: EngineOptions, use: (engine: Engine) => Promise<T>): Promise<T> {
  const engine = await Engine.start({ concurrency: 1, ...options });
  try {
    return await use(engine);
  } finally {
    await engine.close();
  }
}

describe.each(modes)('interpreters (%s mode)', (mode) => {
  it('runs a venv given as the interpreter with its packages, under /tmp, with the environment allowlist', async () => {
    const result = await withEngine({ sandbox: mode, python: venvPython, passEnv: [PASSED] }, (engine) => engine.execute(job(VENV_PROGRAM, VENV_TESTS)));
    expect(result.results.map((r) => [r.name, r.status, r.errorMessage])).toEqual(VENV_TESTS.map((t) => [t.name, 'passed', '']));
  }, 120_000);


  it('passes programs using matplotlib, asyncio and scikit-learn on the scientific interpreter', async () => {
    const results = await withEngine({ sandbox: mode, python: sciencePython() }, async (engine) => {
      const all = [];
      for (const [name, [code, test]] of Object.entries(PROGRAMS)) all.push([name, await engine.execute(job(code, [snippet(name, test)]))] as const);
      return all;
    });
    for (const [name, result] of results) {
      const test = result.results[0];
      expect([name, test?.status, test?.errorType, test?.errorMessage]).toEqual([name, 'passed', '', '']);
      expect(test?.stderr ?? '').not.toMatch(/cache/); // matplotlib neither built its font cache again nor made a temporary one
    }
  }, 300_000);
});

describe('an interpreter the users that run programs cannot read (root)', () => {
  const hidden = join(shared, 'private');
  mkdirSync(hidden, { mode: 0o700 }); // as /root is
  const hiddenPython = makeVenv(hidden);

  (root ? it : it.skip)('fails the start in process mode, saying why and what to do', async () => {
    await expect(Engine.start({ sandbox: 'process', python: hiddenPython, concurrency: 1 })).rejects.toThrow(
      new RegExp(`cannot be read by the users that run programs .*: ${hidden} is not readable by other users \\(mode 0700\\)\\. Give the executor an interpreter every user can read`),
    );
  });

  (root && bwrap ? it : it.skip)('runs it in bwrap mode, where the folders above it are the sandbox\'s', async () => {
    const result = await withEngine({ sandbox: 'bwrap', python: hiddenPython }, (engine) => engine.execute(job(VENV_PROGRAM, VENV_TESTS.slice(0, 1))));
    expect(result.reward).toBe(1);
  }, 60_000);

  const pathPython = resolvePython('python3');
  const hiddenDefault = root && pathPython.executable.startsWith('/root/');
  (hiddenDefault ? it : it.skip)('falls back from python3 on PATH (pyenv under /root) to /usr/bin/python3, with a warning', async () => {
    const saved = process.env['MURPHY_PYTHON'];
    delete process.env['MURPHY_PYTHON'];
    try {
      await withEngine({ sandbox: 'process' }, async (engine) => {
        expect(engine.warnings.join('\n')).toMatch(/python3 on PATH \(\/root\/.*\) cannot be read by the users that run programs .*: using \/usr\/bin\/python3/);
        const result = await engine.execute(job('import csv, sys\nVERSION = sys.executable\n', [snippet('v', 'assert VERSION == "/usr/bin/python3"')]));
        expect(result.reward).toBe(1);
      });
    } finally {
      if (saved !== undefined) process.env['MURPHY_PYTHON'] = saved;
    }
  }, 60_000);
});

describe.each(userModes)('murphy exec as one non-root uid (a pod), with --python and --pass-env (%s mode)', (mode) => {
  (root ? it : it.skip)('runs the venv with its package and passes the allowlisted variable', () => {
    const output = execAsUser(mode, ['--python', venvPython, '--pass-env', PASSED], VENV_PROGRAM, VENV_TESTS);
    expect(output.results.map((r) => [r.name, r.status, r.errorMessage])).toEqual(VENV_TESTS.map((t) => [t.name, 'passed', '']));
  }, 60_000);

  (root ? it : it.skip)('passes programs using matplotlib, asyncio and scikit-learn on the scientific interpreter', () => {
    for (const [name, [code, test]] of Object.entries(PROGRAMS)) {
      const output = execAsUser(mode, ['--python', sciencePython()], code, [snippet(name, test)]);
      expect(output.results.map((r) => [r.name, r.status, r.errorMessage])).toEqual([[name, 'passed', '']]);
      expect(output.results[0]?.stderr).not.toMatch(/cache/);
    }
  }, 300_000);
});
