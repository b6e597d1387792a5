// Turns a parsed MurphyRun spec into the fully resolved settings every component uses: defaults
// that depend on other fields (one entry per turn) filled in, cross-field rules checked.
import { crossFieldRules } from './cross-field-rules.js';
import type { MurphyRunSpec } from './murphyrun.js';
import type { FieldError } from './field-error.js';
import { unknownPlaceholders, type PromptTemplates } from '../algorithm/templates.js';

export const DEFAULT_GENERATIONS_PER_TURN = 8;

type ImportanceSampling = NonNullable<MurphyRunSpec['training']['importanceSampling']>;

export type ResolvedSpec = MurphyRunSpec & {
  algorithm: MurphyRunSpec['algorithm'] & {
    generations: number[];
    pruning: MurphyRunSpec['algorithm']['pruning'] & { budgets: (number | null)[] };
  };
  training: MurphyRunSpec['training'] & { importanceSampling: ImportanceSampling };
};

/** The cross-field errors of a spec, each naming its field under `spec.`. */
export function crossFieldErrors(spec: MurphyRunSpec): FieldError[] {
  const ruleErrors = crossFieldRules
    .filter((rule) => rule.holds !== undefined && !rule.holds(spec))
    .map((rule) => ({ path: `spec.${rule.field}`, message: rule.message }));
  return [...ruleErrors, ...templateErrors(spec)];
}

/** Placeholders a template override uses but that its kind never fills (usually a typo). */
function templateErrors(spec: MurphyRunSpec): FieldError[] {
  return Object.entries(spec.algorithm.prompts).flatMap(([kind, template]) => {
    const unknown = template === undefined ? [] : unknownPlaceholders(kind as keyof PromptTemplates, template);
    return unknown.map((name) => ({ path: `spec.algorithm.prompts.${kind}`, message: `unknown placeholder {{${name}}}` }));
  });
}

/** Per-turn lists with their defaults: 8 generations and no pruning at every turn. */
export function perTurnDefaults(turns: number, generations?: number[], budgets?: (number | null)[]) {
  return {
    generations: generations ?? Array<number>(turns).fill(DEFAULT_GENERATIONS_PER_TURN),
    budgets: budgets ?? Array<number | null>(turns).fill(null),
  };
}

/**
 * Samples that may lag the trained policy (maxPolicyLag >= 1) are corrected by decoupled PPO, the
 * per-token truncated importance weight; on-policy samples need no correction.
 */
export function defaultImportanceSampling(maxPolicyLag: number): ImportanceSampling {
  return maxPolicyLag >= 1 ? 'token' : 'none';
}

/** Fills per-turn defaults and the lag's correction. Call only on a spec without cross-field errors. */
export function resolveSpec(spec: MurphyRunSpec): ResolvedSpec {
  const { turns, pruning } = spec.algorithm;
  const { generations, budgets } = perTurnDefaults(turns, spec.algorithm.generations, pruning.budgets);
  const importanceSampling = spec.training.importanceSampling ?? defaultImportanceSampling(spec.training.maxPolicyLag);
  return {
    ...spec,
    algorithm: { ...spec.algorithm, generations, pruning: { ...pruning, budgets } },
    training: { ...spec.training, importanceSampling },
  };
}
