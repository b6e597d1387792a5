import { describe, expect, it } from '@jest/globals';
import { paginate } from './pagination.js';

describe('paginate', () => {
  it('slices 120 trees into pages of 50, the last one short', () => {
    expect(paginate(120, 1, 50)).toEqual({ page: 1, pages: 3, start: 0, end: 50 });
    expect(paginate(120, 3, 50)).toEqual({ page: 3, pages: 3, start: 100, end: 120 });
  });

  it('clamps a page past either end, and shows one empty page when nothing matches', () => {
    expect(paginate(120, 9, 50)).toMatchObject({ page: 3, start: 100 });
    expect(paginate(120, 0, 50)).toMatchObject({ page: 1, start: 0 });
    expect(paginate(0, 2, 50)).toEqual({ page: 1, pages: 1, start: 0, end: 0 });
  });

  it('runs as the page script embeds it: its source alone, without its module', () => {
    const standalone = new Function(`return (${paginate.toString()})`)() as typeof paginate;
    expect(standalone(51, 2, 50)).toEqual({ page: 2, pages: 2, start: 50, end: 51 });
  });
});
