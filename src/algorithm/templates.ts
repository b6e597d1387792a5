// Default prompt templates, in the structure of the paper's App. E (our own wording):
// a system prompt with a thinking section and an output section; for retries a header counting the
// attempts, one block per attempt (the whole earlier completion, reasoning and program, as the paper's
// q(s+1) = [q, o, f] and its "earlier thought process and implementation"; passed/failed counts; each
// failing test with the program's actual output after '#'), and a footer with instructions. Every
// template can be overridden from the MurphyRun (spec.algorithm.prompts); placeholders are written
// {{name}}: an attempt may show {{completion}} (everything the model wrote) or {{code}} (the program
// extracted from it). Evaluation's optional self-reflection step adds a reflection block after an
// attempt's block; training never writes one.

export interface PromptTemplates {
  readonly system: string;
  readonly question: string;
  readonly header: string;
  readonly attempt: string;
  readonly failure: string;
  readonly footer: string;
  /** After an attempt's block when evaluation's self-reflection step wrote one (Reflexion, App. C). */
  readonly reflection: string;
}

/** Placeholders each template may use. */
export const TEMPLATE_PLACEHOLDERS: Record<keyof PromptTemplates, readonly string[]> = {
  system: [],
  question: ['question'],
  header: ['attempts'],
  attempt: ['number', 'completion', 'code', 'passed', 'failed', 'total', 'failures'],
  failure: ['test', 'actual'],
  footer: ['attempts'],
  reflection: ['reflection'],
};

export const DEFAULT_TEMPLATES: PromptTemplates = {
  system: [
    'You are an expert Python programmer. Solve the task in two parts.',
    '1. Reasoning: inside <think>...</think>, work out the requirements, edge cases and an algorithm,',
    '   and check it against the examples.',
    '2. Implementation: inside <output>...</output>, give the complete Python program in a ```python block,',
    '   keeping the function names and signatures the task asks for.',
  ].join('\n'),
  question: '{{question}}',
  header: 'You have tried this task {{attempts}} time(s) before. Here is how each attempt did.',
  attempt: [
    '## Attempt {{number}}',
    'What you wrote, your reasoning and your program:',
    '{{completion}}',
    '',
    'Passed: {{passed}}/{{total}} tests',
    'Failed: {{failed}}/{{total}} tests',
    '{{failures}}',
  ].join('\n'),
  failure: '{{test}}  # {{actual}}',
  footer: [
    'Each failing test is shown with what your program produced after the "#".',
    'Find what went wrong in the failing tests, keep what already works, and write a corrected',
    'program. Use what you learned from your {{attempts}} earlier attempt(s).',
  ].join('\n'),
  reflection: ['Your reflection on this attempt (what went wrong and how to fix it):', '{{reflection}}'].join('\n'),
};

export function withOverrides(overrides: Partial<Record<keyof PromptTemplates, string | undefined>>): PromptTemplates {
  const merged: Record<string, string> = { ...DEFAULT_TEMPLATES };
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) merged[key] = value;
  }
  return merged as unknown as PromptTemplates;
}

/** Replaces {{name}} by values[name]; unknown placeholders are left as written. */
export function fillTemplate(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{\{\s*([a-zA-Z]+)\s*\}\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole,
  );
}

/** Placeholders in a template that its kind does not provide (for validating overrides). */
export function unknownPlaceholders(kind: keyof PromptTemplates, template: string): string[] {
  const allowed = TEMPLATE_PLACEHOLDERS[kind];
  return [...template.matchAll(/\{\{\s*([a-zA-Z]+)\s*\}\}/g)].map((m) => m[1] as string).filter((name) => !allowed.includes(name));
}
