// `murphy trees` as a command: what it refuses with one line, and the page it writes.
import { describe, expect, it } from '@jest/globals';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run-cli.js';
import { captureIO } from '../../src/cli/test-io.js';
import { HOSTILE_CODE, sampleRunDir } from './sample-run.js';

async function trees(...args: string[]) {
  const io = captureIO();
  const code = await runCli(['trees', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('murphy trees', () => {
  it('refuses a missing directory and a directory without trees.jsonl in one line', async () => {
    expect(await trees('/nonexistent/run')).toEqual({ code: 1, out: '', err: 'murphy trees: /nonexistent/run: no such directory\n' });
    const empty = mkdtempSync(join(tmpdir(), 'murphy-trees-'));
    const result = await trees(empty);
    expect(result.code).toBe(1);
    expect(result.err).toBe(`murphy trees: ${empty} has no trees.jsonl: not a run directory, or a run that has not finished a step yet\n`);
  });

  it('reports malformed lines by their number, without a stack', async () => {
    const dir = sampleRunDir(0);
    appendFileSync(join(dir, 'trees.jsonl'), '{"step": 3, "tree": "x"\n{"step": "four", "tree": "y", "problem": "p", "groups": {}, "nodes": []}\n');
    const result = await trees(dir);
    expect(result.code).toBe(1);
    expect(result.err.split('\n')).toEqual([
      expect.stringMatching(/trees\.jsonl:4: not valid JSON/),
      expect.stringMatching(/trees\.jsonl:5: step: expected number, got string "four"$/),
      '',
    ]);
  });

  it('writes one page with every tree, its data embedded so that no record can close the script', async () => {
    const dir = sampleRunDir(2);
    writeFileSync(join(dir, 'metrics.jsonl'), `${JSON.stringify({ step: 1, passRates: [0, 0.5], nodes: { generated: 9, kept: 7, pruned: 2 } })}\n`);
    const result = await trees(dir);
    expect(result).toEqual({ code: 0, out: `${join(dir, 'trees.html')}: 5 trees of 2 steps\n`, err: '' });
    const html = readFileSync(join(dir, 'trees.html'), 'utf8');
    expect(html.match(/<script\b/g)).toHaveLength(2);
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/src=["']?(https?:)?\/\//);
    const data = /<script type="application\/json" id="murphy-trees-data">(.*?)<\/script>/s.exec(html)?.[1] ?? '';
    expect(JSON.stringify(JSON.parse(data))).toContain(JSON.stringify(HOSTILE_CODE).slice(1, -1));
  });

  it('writes where --out says', async () => {
    const dir = sampleRunDir(0);
    const out = join(dir, 'page.html');
    expect((await trees(dir, '--out', out)).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^<!doctype html>/);
  });
});
