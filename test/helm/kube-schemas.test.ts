import { describe, expect, it } from '@jest/globals';
import { schemaFileName, schemasFromCrd, schemasFromSwagger, toJsonSchema } from './kube-schemas.js';

describe('kubeconform schemas', () => {
  it('names files as kubeconform looks them up', () => {
    expect(schemaFileName({ group: '', version: 'v1', kind: 'ConfigMap' })).toBe('configmap-v1.json');
    expect(schemaFileName({ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole' })).toBe('clusterrole-rbac-v1.json');
    expect(schemaFileName({ group: 'murphy.dev', version: 'v1alpha1', kind: 'MurphyRun' })).toBe('murphyrun-murphy-v1alpha1.json');
  });

  it('turns OpenAPI details into JSON Schema and closes objects with declared properties', () => {
    const out = toJsonSchema({
      type: 'object',
      properties: {
        port: { type: 'string', format: 'int-or-string' },
        quantity: { 'x-kubernetes-int-or-string': true },
        ratio: { type: 'number', minimum: 0, exclusiveMinimum: true },
        note: { type: 'string', nullable: true },
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { a: { type: 'string' } } },
      },
    }, true);
    expect(out.additionalProperties).toBe(false);
    const p = out.properties as Record<string, Record<string, unknown>>;
    expect(p.port).toEqual({ oneOf: [{ type: 'string' }, { type: 'integer' }] });
    expect(p.quantity?.oneOf).toBeDefined();
    expect(p.ratio).toEqual({ type: 'number', exclusiveMinimum: 0 });
    expect(p.note?.type).toEqual(['string', 'null']);
    expect(p.free?.additionalProperties).toBeUndefined();
  });

  it('makes one self-contained schema per kind with only the definitions it reaches', () => {
    const swagger = {
      definitions: {
        'io.k8s.api.core.v1.ConfigMap': { type: 'object', 'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'ConfigMap' }], properties: { metadata: { $ref: '#/definitions/meta' } } },
        meta: { type: 'object', properties: { name: { type: 'string' } } },
        unrelated: { type: 'object' },
        'io.k8s.DeleteOptions': { type: 'object', 'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'DeleteOptions' }, { group: 'apps', version: 'v1', kind: 'DeleteOptions' }] },
      },
    };
    const schemas = schemasFromSwagger(swagger);
    expect(schemas.map((s) => s.file)).toEqual(['configmap-v1.json']);
    expect(Object.keys(schemas[0]?.schema.definitions as object).sort()).toEqual(['io.k8s.api.core.v1.ConfigMap', 'meta']);
    expect(schemas[0]?.schema.$ref).toBe('#/definitions/io.k8s.api.core.v1.ConfigMap');
  });

  it('takes a CRD version schema and pins apiVersion and kind', () => {
    const crd = {
      kind: 'CustomResourceDefinition',
      spec: {
        group: 'murphy.dev',
        names: { kind: 'MurphyRun' },
        versions: [{ name: 'v1alpha1', schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { x: { type: 'integer' } } } } } } }],
      },
    };
    const [only] = schemasFromCrd(crd);
    expect(only?.file).toBe('murphyrun-murphy-v1alpha1.json');
    const properties = only?.schema.properties as Record<string, Record<string, unknown>>;
    expect(properties.apiVersion).toEqual({ enum: ['murphy.dev/v1alpha1'] });
    expect(properties.spec?.additionalProperties).toBe(false);
    expect(schemasFromCrd({ kind: 'ConfigMap' })).toEqual([]);
  });
});
