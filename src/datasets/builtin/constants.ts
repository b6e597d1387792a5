// builtin:constants and builtin:constants-heldout: the "constants" task family, where the feedback
// carries what the prompt lacks. Each problem asks for a one-argument function that combines its
// argument with a fixed whole number the description does not state; the one visible test shows
// it (`assert f(0) == 3`), so a retry that reads the feedback can fix a wrong guess, and a
// policy can also learn the family's habit (its constants are 2, 3 or 4) for the first turn.
// The built-in coder (model.source builtin:coder) is pretrained on programs of this family written
// by images/inference/murphy_inference/constants_family.py; test/datasets/constants-family.test.ts keeps
// the two in step. The held-out split describes x with nouns the train split never uses.
import { hashSeed } from '../hash-seed.js';
import type { MurphyRecord } from '../formats/murphy.js';

interface Operation {
  readonly name: string;
  readonly parameter: string;
  readonly question: string;
  readonly body: (k: number) => string;
  readonly apply: (x: number, k: number) => number;
  /** The tests' arguments; the first is the visible test's, whose expected value is the constant itself. */
  readonly inputs: readonly number[];
}

export const OPERATIONS: readonly Operation[] = [
  { name: 'plus', parameter: 'x', question: 'returns x plus a fixed whole number', body: (k) => `x + ${k}`, apply: (x, k) => x + k, inputs: [0, 1, 5, 10] },
  { name: 'times', parameter: 'x', question: 'returns x times a fixed whole number', body: (k) => `x * ${k}`, apply: (x, k) => x * k, inputs: [1, 2, 3, 10] },
  { name: 'larger', parameter: 'x', question: 'returns the larger of x and a fixed whole number', body: (k) => `max(x, ${k})`, apply: (x, k) => Math.max(x, k), inputs: [0, 1, -5, 10] },
  { name: 'less', parameter: 'x', question: 'returns a fixed whole number minus x', body: (k) => `${k} - x`, apply: (x, k) => k - x, inputs: [0, 1, 5, 10] },
];

/** What x is, one word each: the train split uses the first 16, the held-out split the other 8. */
const NOUNS = [
  'price', 'score', 'count', 'level', 'total', 'size', 'width', 'speed',
  'depth', 'rank', 'weight', 'height', 'length', 'amount', 'volume', 'area',
  'age', 'distance', 'budget', 'balance', 'salary', 'energy', 'power', 'margin',
];
const TRAIN_NOUNS = 16;
export const FUNCTION = 'f';
export const FAMILY_CONSTANTS = [2, 3, 4] as const;
const VISIBLE = 1;

export function constantsQuestion(op: Operation, noun: string): string {
  return `Complete \`def ${FUNCTION}(${op.parameter}):\` so that, for a ${noun} ${op.parameter}, it ${op.question}. The tests know the number.`;
}

export function constantsProgram(op: Operation, fn: string, k: number): string {
  return `def ${fn}(${op.parameter}):\n    return ${op.body(k)}`;
}

export function constantsTests(op: Operation, fn: string, k: number): string[] {
  return op.inputs.map((input) => `assert ${fn}(${input}) == ${op.apply(input, k)}`);
}

/** The constant of a problem: one of FAMILY_CONSTANTS, fixed by its id. */
export function constantOf(id: string): number {
  return FAMILY_CONSTANTS[hashSeed(15, id) % FAMILY_CONSTANTS.length] as number;
}

function problems(nouns: readonly string[]): MurphyRecord[] {
  return OPERATIONS.flatMap((op) =>
    nouns.map((noun) => {
      const id = `constants/${op.name}/${noun}`;
      const asserts = constantsTests(op, FUNCTION, constantOf(id)).map((source) => ({ kind: 'assert' as const, source }));
      return { id, question: constantsQuestion(op, noun), visible: asserts.slice(0, VISIBLE), hidden: asserts.slice(VISIBLE) };
    }),
  );
}

/** 64 problems: every operation with each of the first 16 nouns. */
export const CONSTANTS_TRAIN: readonly MurphyRecord[] = problems(NOUNS.slice(0, TRAIN_NOUNS));
/** 32 problems on the 8 nouns the train split does not use. */
export const CONSTANTS_HELDOUT: readonly MurphyRecord[] = problems(NOUNS.slice(TRAIN_NOUNS));
