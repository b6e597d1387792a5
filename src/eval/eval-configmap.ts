// Hands an evaluation's report to the operator: `murphy eval --report-configmap NAME` server-side
// applies the report (report.json, without the per-problem records) under the key "<label>.json"
// of that ConfigMap. Each label has its own field manager, so the base-model and the final-model
// evaluations write their keys without taking each other's.
import type { KubeClient } from '../k8s/kube-client.js';
import { serverSideApply } from '../k8s/server-side-apply.js';
import type { EvalReport } from './eval-report.js';

export interface EvalConfigMapTarget {
  readonly name: string;
  readonly namespace: string;
}

/** A ConfigMap key for a label: only letters, digits, ".", "_" and "-" are allowed there. */
export function reportKey(label: string): string {
  return `${label.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '') || 'report'}.json`;
}

export const evalFieldManager = (label: string): string => `murphy-eval-${reportKey(label).slice(0, -'.json'.length)}`.slice(0, 128);

export async function writeReportConfigMap(client: KubeClient, target: EvalConfigMapTarget, report: EvalReport): Promise<void> {
  await serverSideApply(
    client,
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: target.name, namespace: target.namespace },
      data: { [reportKey(report.label)]: JSON.stringify(report) },
    },
    { fieldManager: evalFieldManager(report.label), force: true },
  );
}
