// `node dist/test/helm/kube-schemas-main.js OUT_DIR SWAGGER_JSON [CRD_YAML...]`: writes kubeconform
// schemas for every Kubernetes kind of SWAGGER_JSON and every CRD in the YAML files (see kube-schemas.ts).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { schemasFromCrd, schemasFromSwagger, type KindSchema } from './kube-schemas.js';

function crdSchemas(file: string): KindSchema[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).flatMap((doc) => schemasFromCrd(doc.toJS() ?? {}));
}

function main([out, swagger, ...crds]: string[]): void {
  if (!out || !swagger) throw new Error('usage: kube-schemas-main.js OUT_DIR SWAGGER_JSON [CRD_YAML...]');
  mkdirSync(out, { recursive: true });
  const schemas = [...schemasFromSwagger(JSON.parse(readFileSync(swagger, 'utf8'))), ...crds.flatMap(crdSchemas)];
  for (const { file, schema } of schemas) writeFileSync(join(out, file), JSON.stringify(schema));
  console.log(`kube-schemas: ${schemas.length} schemas in ${out}`);
}

main(process.argv.slice(2));
