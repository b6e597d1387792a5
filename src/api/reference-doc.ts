// The MurphyRun reference (docs/reference.md), generated from the zod schema like the CRD, so the
// documented fields, types, defaults and limits are always the ones every component enforces.
import { z } from 'zod';
import { printerColumns } from './crd.js';
import { crossFieldRules } from './cross-field-rules.js';
import { API_GROUP, API_VERSION, KIND, murphyRunSpecSchema, murphyRunStatusSchema } from './murphyrun.js';

type JsonSchema = Record<string, unknown>;

interface Section {
  readonly path: string;
  readonly schema: JsonSchema;
}

const LARGEST = Number.MAX_SAFE_INTEGER;

function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

function propertiesOf(schema: JsonSchema): Record<string, JsonSchema> {
  return (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
}

/** The object schema a field leads to (directly, or as the items of a list), if any. */
function nestedObject(schema: JsonSchema): JsonSchema | undefined {
  if (schema.properties) return schema;
  const items = schema.items as JsonSchema | undefined;
  return items && typeof items === 'object' && items.properties ? items : undefined;
}

function typeOf(schema: JsonSchema): string {
  if (schema['x-kubernetes-int-or-string']) return 'quantity';
  if (schema.anyOf) return (schema.anyOf as JsonSchema[]).map(typeOf).join(' or ');
  if (schema.enum) return (schema.enum as unknown[]).map((v) => `\`${String(v)}\``).join(', ');
  if (Array.isArray(schema.prefixItems)) return `[${(schema.prefixItems as JsonSchema[]).map(typeOf).join(', ')}]`;
  if (schema.type === 'array') return `list of ${typeOf((schema.items as JsonSchema | undefined) ?? {})}`;
  if (schema.type === 'object' && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    return `map of string to ${typeOf(schema.additionalProperties as JsonSchema)}`;
  }
  return typeof schema.type === 'string' ? schema.type : 'any';
}

function bound(schema: JsonSchema, key: 'minimum' | 'maximum' | 'exclusiveMinimum' | 'exclusiveMaximum'): number | undefined {
  const value = schema[key];
  return typeof value === 'number' && Math.abs(value) < LARGEST ? value : undefined;
}

function rangeOf(schema: JsonSchema): string[] {
  const parts: string[] = [];
  const min = bound(schema, 'minimum');
  const max = bound(schema, 'maximum');
  const above = bound(schema, 'exclusiveMinimum');
  const below = bound(schema, 'exclusiveMaximum');
  if (min !== undefined) parts.push(`>= ${min}`);
  if (above !== undefined) parts.push(`> ${above}`);
  if (max !== undefined) parts.push(`<= ${max}`);
  if (below !== undefined) parts.push(`< ${below}`);
  return parts;
}

function limitsOf(schema: JsonSchema): string {
  const items = schema.items as JsonSchema | undefined;
  const parts = rangeOf(schema);
  if (items && typeof items === 'object' && !schema.prefixItems) parts.push(...rangeOf(items).map((r) => `each ${r}`));
  if (typeof schema.minItems === 'number' && !schema.prefixItems) parts.push(`at least ${schema.minItems} entries`);
  if (typeof schema.maxItems === 'number' && !schema.prefixItems) parts.push(`at most ${schema.maxItems} entries`);
  if (typeof schema.minLength === 'number' && schema.minLength > 0) parts.push('not empty');
  if (typeof schema.maxLength === 'number') parts.push(`at most ${schema.maxLength} characters`);
  return parts.join(', ');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function defaultOf(schema: JsonSchema): string {
  if (!('default' in schema)) return '';
  const value = schema.default;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return '';
  return `\`${JSON.stringify(value)}\``;
}

function anchor(path: string): string {
  return path.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

function fieldRow(section: Section, name: string, schema: JsonSchema): string {
  const path = `${section.path}.${name}`;
  const required = ((section.schema.required as string[] | undefined) ?? []).includes(name);
  const nested = nestedObject(schema);
  const sub = nested === schema ? path : `${path}[]`;
  const field = nested ? `[\`${name}\`](#${anchor(sub)})` : `\`${name}\``;
  const description = [schema.description as string | undefined, (nested?.description as string | undefined) !== schema.description ? nested?.description as string | undefined : undefined]
    .filter(Boolean).join(' ');
  const type = nested ? (nested === schema ? 'object' : 'list of object') : typeOf(schema);
  return `| ${field}${required ? ' (required)' : ''} | ${cell(type)} | ${defaultOf(schema)} | ${cell(limitsOf(schema))} | ${cell(description)} |`;
}

/** Every object below `root`, depth first, in the order the schema declares the fields. */
function sectionsOf(path: string, schema: JsonSchema): Section[] {
  const sections: Section[] = [{ path, schema }];
  for (const [name, field] of Object.entries(propertiesOf(schema))) {
    const nested = nestedObject(field);
    if (nested) sections.push(...sectionsOf(nested === field ? `${path}.${name}` : `${path}.${name}[]`, nested));
  }
  return sections;
}

function renderSection(section: Section): string {
  const rows = Object.entries(propertiesOf(section.schema)).map(([name, field]) => fieldRow(section, name, field));
  const description = section.schema.description ? `${section.schema.description as string}\n\n` : '';
  return `### ${section.path}\n\n${description}| Field | Type | Default | Limits | Description |\n|---|---|---|---|---|\n${rows.join('\n')}\n`;
}

function rulesSection(): string {
  const rows = crossFieldRules.map((r) => `| \`spec.${r.field}\` | ${cell(r.message)} | \`${cell(r.cel)}\` |`);
  return `## Rules across fields\n\nThe API server (CEL in the CRD) and \`murphy validate\` check these.\n\n| Field | Rule | CEL |\n|---|---|---|\n${rows.join('\n')}\n`;
}

function columnsSection(): string {
  const rows = printerColumns.map((c) => `| ${c.name} | \`${c.jsonPath}\` |`);
  return `## kubectl get columns\n\n| Column | From |\n|---|---|\n${rows.join('\n')}\n`;
}

export function murphyRunReference(): string {
  const spec = sectionsOf('spec', jsonSchemaOf(murphyRunSpecSchema)).map(renderSection);
  const status = sectionsOf('status', jsonSchemaOf(murphyRunStatusSchema)).map(renderSection);
  return [
    '<!-- Generated by `make generate` from src/api/murphyrun.ts. DO NOT EDIT. -->\n',
    '# MurphyRun reference\n',
    `\`apiVersion: ${API_GROUP}/${API_VERSION}\`, \`kind: ${KIND}\`, namespaced (short name \`mr\`). ` +
      'Every field below is checked by the API server (the CRD) and by `murphy validate` with the same schema; ' +
      'an unknown field is an error, not ignored. Defaults are filled in by the operator and by `murphy run`.\n',
    '## Spec\n',
    ...spec,
    rulesSection(),
    '## Status\n\nWritten by the operator only (see docs/operator.md).\n',
    ...status,
    columnsSection(),
  ].join('\n');
}
