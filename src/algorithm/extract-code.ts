// Pulls the program out of a model completion. Models are sloppy: missing closing tags, several
// code fences, prose around the code. This never throws; the worst case is an empty program,
// which then fails its tests like any other wrong answer.

const FENCE = /```[ \t]*([A-Za-z0-9_+-]*)[^\n]*\n([\s\S]*?)(?:```|$)/g;
const CODE_LANGUAGES = new Set(['', 'python', 'py', 'python3']);

function lastFencedBlock(text: string): string | null {
  let found: string | null = null;
  for (const match of text.matchAll(FENCE)) {
    const language = (match[1] ?? '').toLowerCase();
    if (CODE_LANGUAGES.has(language)) found = match[2] ?? '';
  }
  return found;
}

/** The text of the last <output> section; an unclosed tag runs to the end. */
function outputSection(text: string): string | null {
  const start = text.lastIndexOf('<output>');
  if (start < 0) return null;
  const rest = text.slice(start + '<output>'.length);
  const end = rest.indexOf('</output>');
  return end < 0 ? rest : rest.slice(0, end);
}

/** Removes <think> sections; an unclosed one hides everything after it. */
export function withoutThinking(text: string): string {
  return text.replace(/<think>[\s\S]*?(<\/think>|$)/g, '');
}

export function extractCode(completion: string): string {
  const section = outputSection(completion);
  if (section !== null) return (lastFencedBlock(section) ?? section).trim();
  const visible = withoutThinking(completion);
  const fenced = lastFencedBlock(visible);
  return (fenced ?? visible).trim();
}
