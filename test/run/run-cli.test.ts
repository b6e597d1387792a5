// `murphy run` and `murphy coordinator` as a user calls them with bad input: one line, exit 1.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const murphy = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
  spawnSync(process.execPath, ['dist/src/cli/main.js', ...args], { encoding: 'utf8', env, timeout: 60_000 });

describe('murphy run and murphy coordinator: user errors', () => {
  it('names a missing run file', () => {
    const result = murphy(['run', 'no-such.yaml']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('murphy run: cannot read no-such.yaml: no such file\n');
  });

  it('lists every bad field of the MurphyRun', () => {
    const dir = mkdtempSync(join(tmpdir(), 'murphy-cli-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'apiVersion: murphy.dev/v1alpha1\nkind: MurphyRun\nmetadata: {name: x}\nspec: {model: {name: m}, dataset: {source: builtin:mini}, algorithm: {turns: 0}}\n');
    const result = murphy(['run', file]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/bad\.yaml: spec\.algorithm\.turns: /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('says how to get a Python environment when there is none, and leaves nothing running', () => {
    const runs = mkdtempSync(join(tmpdir(), 'murphy-cli-'));
    const result = murphy(['run', 'examples/tiny.yaml', '--runs-dir', runs], { ...process.env, MURPHY_PYTHON: '/nonexistent/python' });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('murphy run: no Python environment at /nonexistent/python: run "make setup" in ' + process.cwd() + ' first (or set MURPHY_PYTHON)\n');
  });

  it('requires the service addresses of the coordinator', () => {
    const result = murphy(['coordinator', '--config', 'examples/tiny.yaml', '--executor', 'x:1', '--trainer', 'y:2', '--state-dir', '/tmp/s']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^murphy coordinator: --inference is required; usage: murphy coordinator --config RUN\.yaml/);
  });
});
