// The one problem type every dataset format is normalised to: a task for the model and its unit
// tests, split into visible tests (shown in feedback prompts) and hidden tests (never shown).

/**
 * One unit test, in one of the kinds the executor runs:
 * - `assert`: Python statements run after the program in the same module (an assert, or a call
 *   followed by asserts); it passes when they finish without an exception.
 * - `pytest`: a pytest-style test module that imports the program as `solution`; `function` names
 *   the one test function this test runs, or `Class::method` for a method of a test class
 *   (unittest.TestCase classes run with unittest's semantics: setUp/tearDown, class fixtures, skips).
 * - `stdio`: the program reads `input` on stdin and must print `expected` (trailing whitespace ignored).
 */
export type TestCase =
  | { readonly kind: 'assert'; readonly name: string; readonly source: string }
  | { readonly kind: 'pytest'; readonly name: string; readonly source: string; readonly function: string }
  | { readonly kind: 'stdio'; readonly name: string; readonly input: string; readonly expected: string };

export interface Problem {
  readonly id: string;
  /** The task exactly as the model sees it at turn 1. */
  readonly question: string;
  /** Python run after the program and before each test (MBPP's test_setup_code); often empty. */
  readonly setup: string;
  readonly visibleTests: readonly TestCase[];
  readonly hiddenTests: readonly TestCase[];
}

/** A problem before the visible/hidden split: the split is drawn later unless the source gives one. */
export interface ProblemRecord {
  readonly id: string;
  readonly question: string;
  readonly setup: string;
  readonly tests: readonly TestCase[];
  /** Set when the source itself says which tests are visible (murphy format, MBPP challenge tests). */
  readonly split?: { readonly visible: readonly TestCase[]; readonly hidden: readonly TestCase[] };
  /** The dataset's own solution (a whole program), when it ships one: what the ground-truth check runs. */
  readonly reference?: string;
  /** Modules the task needs besides the standard library (BigCodeBench's `libs`). */
  readonly libs?: readonly string[];
}

/** What a failing test looks like in a feedback prompt: the test as written, never its kind. */
export function testDisplay(test: TestCase): string {
  switch (test.kind) {
    case 'assert':
      return test.source.trim();
    case 'pytest':
      return pytestFunctionSource(test.source, test.function) ?? test.function;
    case 'stdio':
      return `input: ${JSON.stringify(test.input)}, expected output: ${JSON.stringify(test.expected)}`;
  }
}

const indentOf = (line: string): number => /^[ \t]*/.exec(line)?.[0].length ?? 0;

/** Lines start..end of a `def`: its decorators above it, and the lines after it that are blank or deeper. */
function definitionAt(lines: readonly string[], start: number): string[] {
  const indent = indentOf(lines[start] as string);
  let first = start;
  while (first > 0 && /^[ \t]*@/.test(lines[first - 1] as string)) first--;
  let end = start + 1;
  while (end < lines.length && ((lines[end] as string).trim() === '' || indentOf(lines[end] as string) > indent)) end++;
  return lines.slice(first, end).map((line) => line.slice(Math.min(indent, indentOf(line))));
}

/** The source of one top-level `def name(` in a module, or of a test class's method (`Class::method`), dedented. */
export function pytestFunctionSource(module: string, name: string): string | null {
  const lines = module.split('\n');
  const [owner, method] = name.includes('::') ? (name.split('::', 2) as [string, string]) : [undefined, name];
  const classLine = owner === undefined ? -1 : lines.findIndex((line) => line.startsWith(`class ${owner}(`) || line.startsWith(`class ${owner}:`));
  if (owner !== undefined && classLine < 0) return null;
  const pattern = owner === undefined ? new RegExp(`^def ${method}\\(`) : new RegExp(`^[ \t]+(async )?def ${method}\\(`);
  const start = lines.findIndex((line, i) => i > classLine && pattern.test(line));
  if (start < 0) return null;
  return definitionAt(lines, start).join('\n').trimEnd();
}

/** All tests of a problem: the reward is the fraction of these that pass. */
export function allTests(problem: Problem): TestCase[] {
  return [...problem.visibleTests, ...problem.hiddenTests];
}
