import { describe, expect, it } from '@jest/globals';
import { embeddedJson, escapeHtml } from './html-text.js';

const hostile = '</script><script>alert(1)</script> <img src=x onerror=alert(2)> <!-- & \u2028';

describe('page text', () => {
  it('escapes markup in element text', () => {
    expect(escapeHtml(hostile)).not.toMatch(/[<>]/);
    expect(escapeHtml('a & "b"')).toBe('a &amp; &quot;b&quot;');
  });

  it('embeds JSON that cannot close its script element and parses back to the same text', () => {
    const json = embeddedJson({ code: hostile });
    expect(json).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(json)).toEqual({ code: hostile });
  });
});
