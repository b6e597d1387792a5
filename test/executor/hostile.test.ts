// Programs that try to fake passes or harm the executor. Each must score 0, and afterwards nothing
// of the run may still be running and an honest program must still pass. Real sandbox, real
// python3, in both sandbox modes.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:net';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, existsSync, mkdtempSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Engine } from '../../src/executor/engine.js';
import type { Job, TestSpec } from '../../src/executor/job.js';
import type { SandboxMode } from '../../src/executor/sandbox.js';
import { slotProcesses } from './slot-processes.js';

const ADD_TESTS: TestSpec[] = [
  { name: 't1', kind: 'code', source: 'assert add(1, 2) == 3' },
  { name: 't2', kind: 'code', source: 'assert add(2, 3) == 5' },
  { name: 't3', kind: 'code', source: 'assert add(10, -1) == 9' },
];

function job(code: string, tests: TestSpec[] = ADD_TESTS, testTimeoutSeconds = 1): Job {
  return { code, tests, moduleName: 'solution', timeoutSeconds: 20, testTimeoutSeconds };
}

const honest = job('def add(a, b):\n    return a + b\n');
const canaryDir = mkdtempSync(join(tmpdir(), 'murphy-canary-'));
chmodSync(canaryDir, 0o755);

const attacks: Record<string, string> = {
  'os._exit(0) at import': 'import os\nos._exit(0)\n',
  'os._exit(0) inside the call': 'import os\ndef add(a, b):\n    os._exit(0)\n',
  'sys.exit(0)': 'import sys\nsys.exit(0)\n',
  'raise SystemExit': 'def add(a, b):\n    raise SystemExit(0)\n',
  'BaseException subclass': 'class Win(BaseException):\n    pass\ndef add(a, b):\n    raise Win("passed")\n',
  'KeyboardInterrupt': 'def add(a, b):\n    raise KeyboardInterrupt\n',
  'lying __eq__ and __ne__': 'class Any:\n    def __eq__(self, other): return True\n    def __ne__(self, other): return False\n    __hash__ = object.__hash__\ndef add(a, b):\n    return Any()\n',
  'int subclass with lying __eq__': 'class Liar(int):\n    def __eq__(self, other): return True\n    __hash__ = int.__hash__\ndef add(a, b):\n    return Liar(0)\n',
  'fake result lines on stdout and fd 3': [
    'import os, sys, json',
    'print("PASSED"); print(json.dumps({"results": [{"name": "t1", "passed": True, "status": "passed"}]}))',
    'print(json.dumps({"done": 0}))',
    'for fd in range(3, 20):',
    '    try: os.write(fd, b\'{"done": 1}\\n{"o": 0, "v": [{"e": "[\\\\"i\\\\", \\\\"3\\\\"]"}]}\\n\')',
    '    except OSError: pass',
    'os._exit(0)',
  ].join('\n'),
  'killing the parent and everything': 'import os, signal\nfor pid in (os.getppid(), 1, -1):\n    try: os.kill(pid, signal.SIGKILL)\n    except OSError: pass\ndef add(a, b):\n    return 0\n',
  'signal handlers and an endless loop': 'import signal\nfor s in (signal.SIGTERM, signal.SIGINT, signal.SIGALRM, signal.SIGXCPU):\n    signal.signal(s, signal.SIG_IGN)\ndef add(a, b):\n    while True: pass\n',
  'background thread forging messages': 'import threading, os, time\ndef forge():\n    while True:\n        for fd in range(3, 8):\n            try: os.write(fd, b\'{"done": 1}\\n\')\n            except OSError: pass\n        time.sleep(0.001)\nthreading.Thread(target=forge, daemon=True).start()\ndef add(a, b):\n    time.sleep(0.05)\n    return 0\n',
  'background process outliving the run': 'import os, time\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n        time.sleep(300)\n    os._exit(0)\ndef add(a, b):\n    return 0\n',
  'fork bomb': 'import os\nwhile True:\n    try: os.fork()\n    except OSError: pass\n',
  'memory bomb': 'chunks = []\nwhile True:\n    chunks.append(bytearray(50 * 1024 * 1024))\n',
  'endless loop': 'while True:\n    pass\n',
  'endless output': 'import sys\nwhile True:\n    sys.stdout.write("PASSED " * 1000)\n',
  'patched builtins': 'import builtins\nbuiltins.isinstance = lambda *a: True\nbuiltins.len = lambda x: 3\ndef add(a, b):\n    return "x"\n',
  'introspection of the harness (gc, frames)': 'import gc\ntry:\n    objs = gc.get_objects()\nexcept Exception:\n    pass\ndef add(a, b):\n    return 0\n',
  // Tests of one execution share a process: the program may read the next test's task first.
  'stealing the next test\'s task and forging its end': [
    'import json, os, threading',
    'def steal():',
    '    while True:',
    '        try: data = os.read(5, 1 << 20)',
    '        except OSError: return',
    '        if not data: return',
    '        for line in data.splitlines():',
    '            try: os.write(3, json.loads(line)["nonce"].encode() + b\' {"done": 1, "more": true}\\n\')',
    '            except Exception: pass',
    'threading.Thread(target=steal, daemon=True).start()',
    'def add(a, b):\n    return 0',
  ].join('\n'),
  'writing outside its directory': [
    'import glob, os',
    `targets = ["/etc/murphy-evil", "${canaryDir}/evil"] + glob.glob("/tmp/murphy-executor-*/harness/*.py")`,
    'for path in targets:',
    '    try:',
    '        with open(path, "a") as f: f.write("owned")',
    '    except OSError: pass',
    'def add(a, b):\n    return 0',
  ].join('\n'),
};

/** Digest of the harness copy that judges this engine's programs (other executors may come and go). */
function harnessDigest(dir: string): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.py')).sort()) hash.update(readFileSync(join(dir, file)));
  return hash.digest('hex');
}

describe.each(['bwrap', 'process'] as SandboxMode[])('hostile programs in %s mode', (mode) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await Engine.start({ sandbox: mode, concurrency: 2 });
  });
  afterAll(async () => {
    await engine.close();
  });

  it('passes an honest program (the baseline)', async () => {
    const result = await engine.execute(honest);
    expect(result.results.map((r) => r.status)).toEqual(['passed', 'passed', 'passed']);
    expect(result.reward).toBe(1);
  });

  it('passes honest pytest-style tests (the judge imports pytest, the program only its own modules)', async () => {
    const code = 'import json\ndef parse(text):\n    return json.loads(text)\n';
    const module = 'import pytest\nfrom solution import parse\n@pytest.mark.parametrize("text, value", [("[1]", [1]), ("{}", {})])\ndef test_parse(text, value):\n    assert parse(text) == value\ndef test_bad():\n    with pytest.raises(ValueError):\n        parse("{")\n';
    const result = await engine.execute(job(code, [{ name: 'm', kind: 'module', source: module }]));
    expect(result.results.map((r) => [r.name, r.status])).toEqual([['m::test_parse', 'passed'], ['m::test_bad', 'passed']]);
  });

  it.each(Object.entries(attacks))('scores 0: %s', async (_name, code) => {
    const digest = harnessDigest(engine.harnessDir);
    const result = await engine.execute(job(code));
    expect(result.passed).toBe(0);
    expect(result.reward).toBe(0);
    expect(result.results.every((r) => !r.passed && r.status !== 'passed')).toBe(true);
    expect(slotProcesses()).toEqual([]);
    expect(existsSync(`${canaryDir}/evil`)).toBe(false);
    expect(existsSync('/etc/murphy-evil')).toBe(false);
    expect(harnessDigest(engine.harnessDir)).toBe(digest);
    const after = await engine.execute(honest);
    expect(after.reward).toBe(1);
  });

  it('scores 0 when a program patches the helpers tests call (math.isclose, unittest): the judge has its own', async () => {
    const code = 'import math, unittest\nmath.isclose = lambda *a, **k: True\nunittest.TestCase.assertAlmostEqual = lambda *a, **k: None\ndef area(r):\n    return 0\n';
    const tests: TestSpec[] = [
      { name: 'isclose', kind: 'code', source: 'import math\nassert math.isclose(area(1), 3.14159, rel_tol=1e-3)' },
      { name: 'unit', kind: 'module', source: 'import unittest\nfrom solution import area\nclass TestArea(unittest.TestCase):\n    def test_one(self):\n        self.assertAlmostEqual(area(1), 3.14159, places=3)\n' },
    ];
    const result = await engine.execute(job(code, tests));
    expect(result.reward).toBe(0);
    expect(result.results.map((r) => [r.errorType, r.actual])).toEqual([['AssertionError', undefined], ['AssertionError', undefined]]);
  });

  it('scores 0 for network access and the peer sees no connection', async () => {
    let connections = 0;
    const server: Server = createServer((socket) => {
      connections++;
      socket.end('3\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const code = `import socket\ndef add(a, b):\n    with socket.create_connection(("127.0.0.1", ${port}), timeout=1) as s:\n        return int(s.recv(10))\n`;
    const result = await engine.execute(job(code, [ADD_TESTS[0] as TestSpec]));
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(result.reward).toBe(0);
    expect(connections).toBe(0);
  });

  it('kills a timed-out test with everything it started, and the next test still runs', async () => {
    const code = 'import os, time\ndef add(a, b):\n    if a == 1:\n        if os.fork() == 0:\n            os.setsid()\n        while True: pass\n    return a + b\n';
    const result = await engine.execute(job(code, ADD_TESTS, 1));
    expect(result.results.map((r) => r.status)).toEqual(['timeout', 'passed', 'passed']);
    expect(slotProcesses()).toEqual([]);
  });
});
