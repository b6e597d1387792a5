import { describe, expect, it } from '@jest/globals';
import { cutMiddle, MIN_CASE_CHARS, OUTPUT_CHARS, withinBudget } from './feedback-budget.js';

const length = (cases: readonly { test: string; actual: string }[]) => cases.reduce((n, c) => n + c.test.length + c.actual.length, 0);

describe('cutMiddle', () => {
  it('keeps short text and cuts long text to the limit, head and tail kept, saying how much went', () => {
    expect(cutMiddle('short', 10)).toBe('short');
    const cut = cutMiddle(`HEAD${'-'.repeat(1000)}TAIL`, 100);
    expect(cut.length).toBeLessThanOrEqual(100);
    expect(cut.startsWith('HEAD')).toBe(true);
    expect(cut.endsWith('TAIL')).toBe(true);
    expect(cut).toMatch(/\[\d+ characters cut\]/);
    const removed = Number(/\[(\d+) characters cut\]/.exec(cut)?.[1]);
    expect(cut.length - cut.match(/ …\[\d+ characters cut\]… /)![0].length + removed).toBe(1008);
  });
});

describe('withinBudget', () => {
  it('leaves feedback that fits alone', () => {
    const failures = [{ test: 'assert f(1) == 2', actual: '3' }];
    expect(withinBudget(failures, 100)).toEqual(failures);
  });

  it('cuts long program output first and leaves the tests whole when that suffices', () => {
    const failures = [
      { test: 'assert f(1) == 2', actual: `Traceback${'.'.repeat(5000)}ZeroDivisionError` },
      { test: 'assert f(2) == 3', actual: '4' },
    ];
    const fitted = withinBudget(failures, 2 * OUTPUT_CHARS);
    expect(fitted.map((f) => f.test)).toEqual(failures.map((f) => f.test));
    expect(fitted[0]?.actual.length).toBeLessThanOrEqual(OUTPUT_CHARS);
    expect(fitted[0]?.actual.endsWith('ZeroDivisionError')).toBe(true);
    expect(fitted[1]).toEqual(failures[1]);
  });

  it('then shares the budget, short cases whole, never dropping a failing test', () => {
    const long = Array.from({ length: 10 }, (_, i) => ({ test: `assert g(${'9'.repeat(3000)}) == ${i}`, actual: 'x'.repeat(900) }));
    const short = { test: 'assert f(0) == 1', actual: '2' };
    const fitted = withinBudget([short, ...long], 6000);
    expect(fitted).toHaveLength(11);
    expect(fitted[0]).toEqual(short);
    expect(length(fitted)).toBeLessThanOrEqual(6000);
    fitted.slice(1).forEach((f, i) => expect(f.test.endsWith(`== ${i}`)).toBe(true));
  });

  it('keeps every case at MIN_CASE_CHARS at least, even past the budget', () => {
    const failures = Array.from({ length: 100 }, (_, i) => ({ test: `assert h(${i}) == ${'1'.repeat(1000)}`, actual: 'y'.repeat(1000) }));
    const fitted = withinBudget(failures, 1000);
    expect(fitted).toHaveLength(100);
    for (const f of fitted) expect(f.test.length + f.actual.length).toBeLessThanOrEqual(MIN_CASE_CHARS);
    for (const f of fitted) expect(f.test.length + f.actual.length).toBeGreaterThan(MIN_CASE_CHARS / 2);
  });
});
