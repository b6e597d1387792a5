// Converts zod's JSON Schema (draft 2020-12) into the structural OpenAPI v3 subset that
// Kubernetes accepts in a CRD: nullable instead of null unions, boolean exclusive bounds,
// int-or-string quantities, no additionalProperties:false (the API server prunes unknown fields).
type JsonSchema = Record<string, unknown>;

const DROPPED_KEYS = new Set(['$schema', 'propertyNames', 'prefixItems', 'id']);

function withoutNull(schema: JsonSchema): JsonSchema {
  const anyOf = schema.anyOf as JsonSchema[] | undefined;
  if (!anyOf) return schema;
  const nonNull = anyOf.filter((s) => s.type !== 'null');
  if (nonNull.length === anyOf.length || nonNull.length !== 1) return schema;
  const { anyOf: _dropped, ...rest } = schema;
  return { ...rest, ...(nonNull[0] as JsonSchema), nullable: true };
}

function convertBounds(out: JsonSchema): void {
  if (typeof out.exclusiveMinimum === 'number') {
    out.minimum = out.exclusiveMinimum;
    out.exclusiveMinimum = true;
  }
  if (typeof out.exclusiveMaximum === 'number') {
    out.maximum = out.exclusiveMaximum;
    out.exclusiveMaximum = true;
  }
  if (out.maximum === Number.MAX_SAFE_INTEGER) delete out.maximum;
  if (out.minimum === Number.MIN_SAFE_INTEGER) delete out.minimum;
}

function convertChildren(out: JsonSchema): void {
  if (out.properties) {
    out.properties = Object.fromEntries(Object.entries(out.properties as Record<string, JsonSchema>).map(([k, v]) => [k, toStructural(v)]));
  }
  if (Array.isArray(out.prefixItems)) out.items = toStructural((out.prefixItems as JsonSchema[])[0] as JsonSchema);
  else if (out.items && typeof out.items === 'object') out.items = toStructural(out.items as JsonSchema);
  if (out.additionalProperties === false) delete out.additionalProperties;
  else if (out.additionalProperties && typeof out.additionalProperties === 'object') out.additionalProperties = toStructural(out.additionalProperties as JsonSchema);
}

export function toStructural(schema: JsonSchema): JsonSchema {
  if (schema['x-kubernetes-int-or-string']) {
    return { 'x-kubernetes-int-or-string': true, ...(schema.description ? { description: schema.description } : {}) };
  }
  const out: JsonSchema = { ...withoutNull(schema) };
  convertChildren(out);
  for (const key of DROPPED_KEYS) delete out[key];
  convertBounds(out);
  return out;
}
