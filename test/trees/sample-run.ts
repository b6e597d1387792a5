// A small run's trees for the `murphy trees` tests: three trees that show each outcome (one with a
// pruned branch, one whose program is hostile markup), and as many plain ones as a test asks for,
// so that pagination has more than one page.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { treesJsonl, type TreeSpec } from './recorded-trees.js';

/** Model output that would run as script or load an image if the page took it for markup. */
export const HOSTILE_CODE = 'def answer():\n    return "</script><script>alert(1)</script>"  # <img src=x onerror=alert(2)>';

export const RETRIED_CODE = 'def answer():\n    return 41';
export const RETRY_FEEDBACK = 'failed: assert answer() == 42\n  got: answer() returned 41';

const question = (name: string) => `Write a function answer() that returns the secret number of ${name}.`;

/** Solved after feedback: both first attempts fail; one retry group passes and the other is pruned. */
const afterFeedback: TreeSpec = {
  step: 1,
  problem: 'constants/secret-42',
  question: question('secret-42'),
  total: 4,
  attempts: [
    {
      code: RETRIED_CODE,
      passed: 3,
      failures: [{ test: 'assert answer() == 42', actual: 'answer() returned 41' }],
      retries: [{ code: 'def answer():\n    return 42', passed: 4 }, { code: 'def answer():\n    return 43', passed: 3, failures: [{ test: 'assert answer() == 42', actual: 'answer() returned 43' }] }],
    },
    {
      code: 'def answer():\n    return None',
      passed: 0,
      failures: [{ test: 'assert answer() == 42', actual: 'answer() returned None' }],
      retries: [{ code: 'def answer():\n    return 7', passed: 3, failures: [{ test: 'assert answer() == 42', actual: 'answer() returned 7' }] }, { code: 'def answer():\n    return 40', passed: 3 }],
    },
  ],
};

const firstTurn: TreeSpec = {
  step: 1,
  problem: 'constants/secret-7',
  question: question('secret-7'),
  total: 2,
  attempts: [{ code: 'def answer():\n    return 7', passed: 2 }, { code: HOSTILE_CODE, passed: 0, failures: [{ test: 'assert answer() == 7', actual: '<img src=x onerror=alert(3)>' }], retries: [{ code: 'def answer():\n    return 8', passed: 1 }] }],
};

const neverSolved: TreeSpec = {
  step: 2,
  problem: 'constants/secret-99',
  question: question('secret-99'),
  total: 2,
  attempts: [{ code: 'def answer():\n    return 1', passed: 0, retries: [{ code: 'def answer():\n    return 2', passed: 1 }] }, { code: 'def answer():\n    return 3', passed: 1 }],
};

function plainTree(i: number): TreeSpec {
  return { step: 2, problem: `mini/plain-${String(i).padStart(3, '0')}`, question: question(`plain-${i}`), total: 2, attempts: [{ code: `def answer():\n    return ${i}`, passed: i % 2 === 0 ? 2 : 1 }] };
}

export const SHOWN_TREES = { afterFeedback, firstTurn, neverSolved };

/** A run directory holding trees.jsonl: the three trees above, then `plain` more at step 2. */
export function sampleRunDir(plain: number): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'murphy-trees-')), 'sample-run');
  mkdirSync(dir);
  const specs = [afterFeedback, firstTurn, neverSolved, ...Array.from({ length: plain }, (_, i) => plainTree(i))];
  writeFileSync(join(dir, 'trees.jsonl'), treesJsonl(specs));
  return dir;
}
