// JSON schemas for kubeconform, made here because kubeconform cannot download its usual ones:
// one file per kind and version, named as kubeconform's default layout expects
// ({{ .ResourceKind }}{{ .KindSuffix }}.json, e.g. deployment-apps-v1.json), from
//   - the Kubernetes OpenAPI v2 document (api/openapi-spec/swagger.json of the k8s.io/kubernetes
//     module the test control plane is built from), and
//   - CustomResourceDefinitions (their openAPIV3Schema), e.g. the MurphyRun CRD.
// Each file is self-contained: the root refers to the kind's definition, and the definitions it
// reaches come along. "Strict" as kubeconform's own schemas: objects with declared properties
// accept no others, so a misspelt field fails.
type JsonSchema = Record<string, unknown>;

export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

export interface KindSchema {
  readonly file: string;
  readonly schema: JsonSchema;
}

/** kubeconform's file name: kind, the first label of the group, the version. */
export function schemaFileName({ group, version, kind }: GroupVersionKind): string {
  const groupPart = group === '' ? '' : `-${group.split('.')[0]}`;
  return `${kind.toLowerCase()}${groupPart}-${version}.json`.toLowerCase();
}

const INT_OR_STRING = { oneOf: [{ type: 'string' }, { type: 'integer' }] };
const QUANTITY = { oneOf: [{ type: 'string' }, { type: 'number' }] };
const SPECIAL: Record<string, JsonSchema> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': INT_OR_STRING,
  'io.k8s.apimachinery.pkg.api.resource.Quantity': QUANTITY,
};

function convertType(out: JsonSchema): void {
  if (out.format === 'int-or-string' || out['x-kubernetes-int-or-string']) {
    delete out.type;
    delete out.format;
    out.oneOf = INT_OR_STRING.oneOf;
  }
  // OpenAPI 3.0 "nullable" and boolean exclusive bounds in JSON Schema terms.
  if (out.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  delete out.nullable;
  for (const [flag, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    if (out[flag] === true) {
      out[flag] = out[bound];
      delete out[bound];
    } else if (out[flag] === false) delete out[flag];
  }
}

function convertChildren(out: JsonSchema, strict: boolean): void {
  const convert = (s: unknown): unknown => (s && typeof s === 'object' && !Array.isArray(s) ? toJsonSchema(s as JsonSchema, strict) : s);
  if (out.properties) out.properties = Object.fromEntries(Object.entries(out.properties as JsonSchema).map(([k, v]) => [k, convert(v)]));
  if (out.items) out.items = convert(out.items);
  if (out.additionalProperties && typeof out.additionalProperties === 'object') out.additionalProperties = convert(out.additionalProperties);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (Array.isArray(out[key])) out[key] = (out[key] as unknown[]).map(convert);
  }
  if (out.not) out.not = convert(out.not);
}

/** One OpenAPI (v2 definition or v3 CRD) schema node as JSON Schema. */
export function toJsonSchema(schema: JsonSchema, strict: boolean): JsonSchema {
  const out: JsonSchema = { ...schema };
  if (typeof out.$ref === 'string') return { $ref: out.$ref };
  convertType(out);
  convertChildren(out, strict);
  const open = out['x-kubernetes-preserve-unknown-fields'] === true;
  if (strict && out.properties && out.additionalProperties === undefined && !open) out.additionalProperties = false;
  return out;
}

function refsOf(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) refsOf(item, into);
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') into.add(value.replace('#/definitions/', ''));
      else refsOf(value, into);
    }
  }
}

/** The definitions `root` reaches, itself included. */
function reachable(definitions: Record<string, JsonSchema>, root: string): string[] {
  const seen = new Set<string>();
  const pending = [root];
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (seen.has(name) || !definitions[name]) continue;
    seen.add(name);
    const refs = new Set<string>();
    refsOf(definitions[name], refs);
    pending.push(...refs);
  }
  return [...seen].sort();
}

function definitionSchema(name: string, definition: JsonSchema, strict: boolean): JsonSchema {
  return SPECIAL[name] ?? toJsonSchema(definition, strict);
}

/** Every kind of an OpenAPI v2 document (a definition with x-kubernetes-group-version-kind). */
export function schemasFromSwagger(swagger: { definitions: Record<string, JsonSchema> }, strict = true): KindSchema[] {
  const out: KindSchema[] = [];
  for (const [name, definition] of Object.entries(swagger.definitions)) {
    const gvks = (definition['x-kubernetes-group-version-kind'] as GroupVersionKind[] | undefined) ?? [];
    if (gvks.length !== 1) continue; // list/option types shared by many groups are never manifests
    const definitions = Object.fromEntries(reachable(swagger.definitions, name).map((n) => [n, definitionSchema(n, swagger.definitions[n] as JsonSchema, strict)]));
    out.push({ file: schemaFileName(gvks[0] as GroupVersionKind), schema: { $schema: 'http://json-schema.org/draft-07/schema#', $ref: `#/definitions/${name}`, definitions } });
  }
  return out;
}

interface CrdVersion {
  readonly name: string;
  readonly schema?: { readonly openAPIV3Schema?: JsonSchema };
}

interface Crd {
  readonly kind?: string;
  readonly spec?: { readonly group: string; readonly names: { readonly kind: string }; readonly versions: readonly CrdVersion[] };
}

/** One schema per served version of a CustomResourceDefinition. */
export function schemasFromCrd(crd: Crd, strict = true): KindSchema[] {
  if (crd.kind !== 'CustomResourceDefinition' || !crd.spec) return [];
  const { group, names, versions } = crd.spec;
  return versions.flatMap((v) => {
    const root = v.schema?.openAPIV3Schema;
    if (!root) return [];
    const schema = toJsonSchema(root, strict);
    const properties = { ...(schema.properties as JsonSchema | undefined), apiVersion: { enum: [`${group}/${v.name}`] }, kind: { enum: [names.kind] } };
    // metadata is the API server's ObjectMeta; the CRD leaves it open.
    return [{ file: schemaFileName({ group, version: v.name, kind: names.kind }), schema: { $schema: 'http://json-schema.org/draft-07/schema#', ...schema, properties } }];
  });
}
