// The built `murphy` binary as a user runs it: a real child process, real stdin/stdout, exit codes.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';

const murphy = (args: string[], input?: string) =>
  spawnSync(process.execPath, ['dist/src/cli/main.js', ...args], { input: input ?? '', encoding: 'utf8' });

describe('murphy binary', () => {
  it('validates the local example', () => {
    const result = murphy(['validate', 'examples/local.yaml']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('kind: MurphyRun');
  });

  it('reports bad YAML as one line and exit code 1, never a stack trace', () => {
    const result = murphy(['validate', '-'], 'spec: {model: [');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^-: \(file\): is not valid YAML/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('runs credit on stdin', () => {
    const input = JSON.stringify({ config: { turns: 1 }, trees: [{ id: 'q', children: [{ id: 'a', reward: 1 }, { id: 'b', reward: 0 }] }] });
    const result = murphy(['credit'], input);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ updates: 2, nodes: [{ id: 'a', kept: true }, { id: 'b', kept: true }] });
  });
});
