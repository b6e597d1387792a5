// The harness's reaper on real processes: it finds what a run left behind (an orphan re-parented
// to the subreaper) both from /proc/self/task/*/children and, where a kernel lacks that file, by
// scanning /proc; and it kills it. Cleanup is only skipped when nothing is left, so both ways of
// finding children must agree.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { harnessSource } from '../../src/executor/harness-files.js';
import { resolvePython } from '../../src/executor/python.js';

const script = `
import os, sys, time
sys.path.insert(0, sys.argv[1])
import reaper, system
system.make_subreaper()
assert reaper._children() == [] and not reaper._leftovers(set())
if os.fork() == 0:
    if os.fork() == 0:
        time.sleep(60)
    os._exit(0)
deadline = time.monotonic() + 5
while len(reaper._children()) != 1 and time.monotonic() < deadline:
    reaper._reap_all()
    time.sleep(0.01)
orphan = reaper._children()
found = {"file": orphan, "scan": reaper._children_by_scan(os.getpid())}
reaper._CHILDREN_FILES = False
found["leftovers without the file"] = reaper._leftovers(set())
found["killed"] = reaper.kill_run(None)
found["after"] = reaper._children()
print(orphan[0] if orphan else 0, found)
`;

describe('reaper', () => {
  it('finds an orphan from the children file and by scanning /proc alike, and kills it', () => {
    const run = spawnSync(resolvePython().executable, ['-c', script, harnessSource()], { encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr).toBe('');
    const line = run.stdout.trim();
    const pid = line.slice(0, line.indexOf(' '));
    const found = line.slice(pid.length + 1);
    expect(Number(pid)).toBeGreaterThan(0);
    expect(found).toBe(`{'file': [${pid}], 'scan': [${pid}], 'leftovers without the file': True, 'killed': True, 'after': []}`);
  });
});
