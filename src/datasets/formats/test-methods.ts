// The tests of a Python test module, found from its text the way the executor's harness collects
// them (src/executor/harness/collect.py): top-level `def test*` functions, and the `def test*`
// methods of top-level classes named Test* or deriving from a TestCase, as `Class::method`.

export interface ModuleTests {
  readonly functions: readonly string[];
  /** `Class::method`, with whether the class derives from unittest's TestCase. */
  readonly methods: readonly { readonly name: string; readonly unittest: boolean }[];
}

const indentOf = (line: string): number => /^[ \t]*/.exec(line)?.[0].length ?? 0;

/** The methods defined directly in the class body that starts after line `header`. */
function methodsOf(lines: readonly string[], header: number): string[] {
  let body = header + 1;
  while (body < lines.length && (lines[body] as string).trim() === '') body++;
  const bodyIndent = body < lines.length ? indentOf(lines[body] as string) : 0;
  const found: string[] = [];
  for (let i = body; i < lines.length && bodyIndent > 0; i++) {
    const text = lines[i] as string;
    if (text.trim() !== '' && indentOf(text) === 0) break;
    const method = /^[ \t]+(?:async )?def (test\w*)\s*\(/.exec(text);
    if (method !== null && indentOf(text) === bodyIndent) found.push(method[1] as string);
  }
  return found;
}

export function moduleTests(module: string): ModuleTests {
  const lines = module.split('\n');
  const functions = [...module.matchAll(/^(?:async )?def (test\w*)\s*\(/gm)].map((m) => m[1] as string);
  const methods = lines.flatMap((line, index) => {
    const header = /^class (\w+)\s*(?:\(([^)]*)\))?\s*:/.exec(line);
    if (header === null) return [];
    const unittest = /\bTestCase\b/.test(header[2] ?? '');
    if (!unittest && !(header[1] as string).startsWith('Test')) return [];
    return methodsOf(lines, index).map((method) => ({ name: `${header[1]}::${method}`, unittest }));
  });
  return { functions, methods };
}
