import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { extractCode } from './extract-code.js';

describe('extractCode', () => {
  it('takes the fenced block inside <output>', () => {
    const text = '<think>try ```python\nwrong()\n```</think>\n<output>\n```python\ndef f():\n    return 1\n```\n</output>';
    expect(extractCode(text)).toBe('def f():\n    return 1');
  });
  it('takes a bare <output> section, even unclosed', () => {
    expect(extractCode('<output>\ndef f(): return 2\n</output>')).toBe('def f(): return 2');
    expect(extractCode('<think>x</think><output>def f(): return 3')).toBe('def f(): return 3');
  });
  it('falls back to the last python fence outside thinking', () => {
    const text = '<think>```python\nthinking()\n```</think>Here:\n```py\nfirst()\n```\nbetter:\n```python\nsecond()\n```';
    expect(extractCode(text)).toBe('second()');
  });
  it('ignores fences of other languages and accepts an unterminated fence', () => {
    expect(extractCode('```bash\nls\n```\n```python\nok()')).toBe('ok()');
  });
  it('uses the whole text when there is no structure, and nothing of an unclosed think', () => {
    expect(extractCode('def f():\n    return 4\n')).toBe('def f():\n    return 4');
    expect(extractCode('<think>still thinking about def f()')).toBe('');
  });
  it('never throws on arbitrary text', () => {
    const pieces = fc.constantFrom('<output>', '</output>', '<think>', '</think>', '```', '```python\n', '\n', 'x = 1', ' ');
    fc.assert(fc.property(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 30 }), (parts) => {
      expect(typeof extractCode(parts.join(''))).toBe('string');
    }));
  });
});
