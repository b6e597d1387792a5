import { describe, expect, it } from '@jest/globals';
import { pruningMarks } from './pruning-marks.js';

describe('pruningMarks', () => {
  it('marks the cut node as pruned and its descendants as pruned with it', () => {
    const marks = pruningMarks([
      { id: 't.0', parent: null, kept: true },
      { id: 't.1', parent: null, kept: false },
      { id: 't.0.0', parent: 't.0', kept: false },
      { id: 't.0.1', parent: 't.0', kept: true },
      { id: 't.1.0', parent: 't.1', kept: false },
      { id: 't.1.0.0', parent: 't.1.0', kept: false },
    ]);
    expect(Object.fromEntries(marks)).toEqual({
      't.0': 'kept',
      't.1': 'pruned',
      't.0.0': 'pruned',
      't.0.1': 'kept',
      't.1.0': 'pruned-with-parent',
      't.1.0.0': 'pruned-with-parent',
    });
  });
});
