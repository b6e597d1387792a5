import { describe, expect, it } from '@jest/globals';
import { buildPrompt } from './prompts.js';
import { FEEDBACK_BUDGET_CHARS } from './feedback-budget.js';
import { DEFAULT_TEMPLATES, fillTemplate, unknownPlaceholders, withOverrides } from './templates.js';
import type { Attempt } from './feedback.js';

const attempt = (code: string, failures: number): Attempt => ({
  completion: `<think>f must return its argument; try ${code.length} characters.</think>\n<output>\n\`\`\`python\n${code}\n\`\`\`\n</output>`,
  code,
  feedback: {
    passed: 3 - Math.min(failures, 3),
    total: 3,
    failures: Array.from({ length: failures }, (_, i) => ({ test: `assert f(${i}) == ${i}`, actual: `f(${i}) returned None` })),
  },
});

describe('buildPrompt', () => {
  it('asks the question alone at turn 1', () => {
    const messages = buildPrompt('Write f.', [], DEFAULT_TEMPLATES);
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(messages[0]?.content).toContain('<think>');
    expect(messages[0]?.content).toContain('<output>');
    expect(messages[1]?.content).toBe('Write f.');
  });

  it('appends every earlier attempt with counts and failing tests marked by #', () => {
    const user = buildPrompt('Write f.', [attempt('def f(x): pass', 2), attempt('def f(x): return 0', 1)], DEFAULT_TEMPLATES)[1]?.content ?? '';
    expect(user.startsWith('Write f.')).toBe(true);
    expect(user).toContain('You have tried this task 2 time(s) before.');
    expect(user).toContain('## Attempt 1');
    expect(user).toContain('## Attempt 2');
    expect(user).toContain('Passed: 1/3 tests');
    expect(user).toContain('Failed: 2/3 tests');
    expect(user).toContain('assert f(1) == 1  # f(1) returned None');
    expect(user.indexOf('def f(x): pass')).toBeLessThan(user.indexOf('def f(x): return 0'));
  });

  it('shows each earlier attempt whole, reasoning and program, as the paper\'s [q, o, f]', () => {
    const earlier = [attempt('def f(x): pass', 2), attempt('def f(x): return 0', 1)];
    const user = buildPrompt('Write f.', earlier, DEFAULT_TEMPLATES)[1]?.content ?? '';
    for (const a of earlier) expect(user).toContain(a.completion);
    expect(user.indexOf(earlier[0]!.completion)).toBeLessThan(user.indexOf('Passed: 1/3 tests'));
    expect(user.indexOf('Passed: 1/3 tests')).toBeLessThan(user.indexOf(earlier[1]!.completion));
    expect(user.match(/<think>/g)).toHaveLength(2);
  });

  it('can show the extracted program alone with {{code}}', () => {
    const codeOnly = ['## Attempt {{number}}', '```python', '{{code}}', '```', 'Passed: {{passed}}/{{total}} tests', '{{failures}}'].join('\n');
    const earlier = attempt('def f(x): pass', 1);
    const user = buildPrompt('Write f.', [earlier], withOverrides({ attempt: codeOnly }))[1]?.content ?? '';
    expect(user).toContain('```python\ndef f(x): pass\n```\nPassed: 2/3 tests');
    expect(user).not.toContain('<think>');
    expect(unknownPlaceholders('attempt', codeOnly)).toEqual([]);
    expect(unknownPlaceholders('attempt', DEFAULT_TEMPLATES.attempt)).toEqual([]);
  });

  it('shows every failing test of an attempt', () => {
    const many: Attempt = { ...attempt('c', 0), feedback: { passed: 0, total: 12, failures: Array.from({ length: 12 }, (_, i) => ({ test: `assert f(${i}) == ${i}`, actual: 'None' })) } };
    const user = buildPrompt('q', [many], DEFAULT_TEMPLATES)[1]?.content ?? '';
    for (let i = 0; i < 12; i++) expect(user).toContain(`assert f(${i}) == ${i}  # None`);
  });

  it('keeps long feedback within the budget without dropping a failing test', () => {
    const failures = Array.from({ length: 40 }, (_, i) => ({ test: `assert f(${i}) == ${i}`, actual: `Traceback ${'x'.repeat(5000)} ValueError: case ${i}` }));
    const long: Attempt = { ...attempt('c', 0), feedback: { passed: 0, total: 40, failures } };
    const user = buildPrompt('q', [long], DEFAULT_TEMPLATES)[1]?.content ?? '';
    expect(user.length).toBeLessThan(FEEDBACK_BUDGET_CHARS + 2000);
    for (let i = 0; i < 40; i++) expect(user).toContain(`assert f(${i}) == ${i}  # Traceback`);
  });

  it('shows a self-reflection after its attempt\'s block', () => {
    const reflected: Attempt = { ...attempt('def f(x): pass', 1), reflection: 'f returns None; it should return x.' };
    const user = buildPrompt('q', [reflected], DEFAULT_TEMPLATES)[1]?.content ?? '';
    expect(user).toContain(`Failed: 1/3 tests\nassert f(0) == 0  # f(0) returned None\n\n${fillTemplate(DEFAULT_TEMPLATES.reflection, { reflection: reflected.reflection ?? '' })}`);
    expect(buildPrompt('q', [attempt('def f(x): pass', 1)], DEFAULT_TEMPLATES)[1]?.content).not.toContain('reflection');
  });

  it('uses overridden templates', () => {
    const templates = withOverrides({ header: 'Attempts so far: {{attempts}}', system: 'Be brief.' });
    const messages = buildPrompt('q', [attempt('c', 1)], templates);
    expect(messages[0]?.content).toBe('Be brief.');
    expect(messages[1]?.content).toContain('Attempts so far: 1');
    expect(messages[1]?.content).toContain(fillTemplate(DEFAULT_TEMPLATES.footer, { attempts: 1 }));
  });
});

describe('templates', () => {
  it('leaves unknown placeholders visible and reports them', () => {
    expect(fillTemplate('{{a}} {{b}}', { a: 1 })).toBe('1 {{b}}');
    expect(unknownPlaceholders('header', 'tried {{attempts}} {{tries}}')).toEqual(['tries']);
  });
});
