// The MurphyRun CustomResourceDefinition, generated from the zod schema (see `make generate`).
import { z } from 'zod';
import { crossFieldRules } from './cross-field-rules.js';
import { API_GROUP, API_VERSION, KIND, PLURAL, murphyRunSpecSchema, murphyRunStatusSchema } from './murphyrun.js';
import { toStructural } from './structural-schema.js';

type JsonSchema = Record<string, unknown>;

function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return toStructural(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema);
}

/** Attaches each cross-field rule as x-kubernetes-validations at the schema node it is about. */
function withValidations(spec: JsonSchema): JsonSchema {
  for (const rule of crossFieldRules) {
    const target = rule.at === '' ? spec : ((spec.properties as Record<string, JsonSchema>)[rule.at] as JsonSchema);
    const list = (target['x-kubernetes-validations'] as JsonSchema[] | undefined) ?? [];
    const below = rule.field.slice(rule.at ? rule.at.length + 1 : 0);
    list.push({ rule: rule.cel, message: rule.message, ...(below ? { fieldPath: `.${below}` } : {}) });
    target['x-kubernetes-validations'] = list;
  }
  return spec;
}

function statusSchema(): JsonSchema {
  const status = jsonSchemaOf(murphyRunStatusSchema);
  const conditions = (status.properties as Record<string, JsonSchema>).conditions as JsonSchema;
  conditions['x-kubernetes-list-type'] = 'map';
  conditions['x-kubernetes-list-map-keys'] = ['type'];
  return status;
}

export const printerColumns = [
  { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
  { name: 'Step', type: 'integer', jsonPath: '.status.step' },
  { name: 'Total', type: 'integer', jsonPath: '.status.totalSteps' },
  { name: 'Pass-Rate', type: 'string', description: 'pass rate per turn at the last step', jsonPath: '.status.passRateSummary' },
  { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
];

export function murphyRunCrd(): JsonSchema {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${PLURAL}.${API_GROUP}` },
    spec: {
      group: API_GROUP,
      names: { kind: KIND, listKind: `${KIND}List`, plural: PLURAL, singular: KIND.toLowerCase(), shortNames: ['mr'], categories: ['murphy'] },
      scope: 'Namespaced',
      versions: [
        {
          name: API_VERSION,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: printerColumns,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              description: 'A MURPHY training run: multi-turn GRPO with execution feedback.',
              required: ['spec'],
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                metadata: { type: 'object' },
                spec: withValidations(jsonSchemaOf(murphyRunSpecSchema)),
                status: statusSchema(),
              },
            },
          },
        },
      ],
    },
  };
}
