// Text from the records (model-written code above all) into the page: as element text it is escaped
// here; inside the embedded JSON, embeddedJson keeps it from ever closing the <script> that holds it.

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * JSON for a `<script type="application/json">` element: `<`, `>` and `&` as \u escapes, so no
 * `</script>` or `<!--` can appear in it (JSON.parse reads the escapes back as the same characters);
 * U+2028/U+2029 escaped too, for older parsers that treat them as line ends.
 */
export function embeddedJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
