import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { parseJsonlLine } from './jsonl-line.js';

const schema = z.object({ step: z.number() });

describe('parseJsonlLine', () => {
  it('names the line and the field, and cuts a long wrong value', () => {
    expect(parseJsonlLine('{"step": 2}', 1, 'trees.jsonl', schema)).toEqual({ ok: true, value: { step: 2 } });
    expect(parseJsonlLine('{"step": ', 7, 'trees.jsonl', schema)).toMatchObject({ ok: false, error: expect.stringMatching(/^trees\.jsonl:7: not valid JSON \(/) });
    const long = parseJsonlLine(JSON.stringify({ step: 'x'.repeat(5000) }), 3, 'trees.jsonl', schema);
    expect(long).toMatchObject({ ok: false, error: expect.stringMatching(/^trees\.jsonl:3: step: expected number, got string "x{50,}…$/) });
    expect(long.ok ? '' : long.error.length).toBeLessThanOrEqual(301);
  });
});
