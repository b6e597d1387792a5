import { describe, expect, it } from '@jest/globals';
import type { KubeClient, KubeRequest } from '../k8s/kube-client.js';
import { evalFieldManager, reportKey, writeReportConfigMap } from './eval-configmap.js';
import { evalReportSchema, type EvalReport } from './eval-report.js';

const report: EvalReport = {
  kind: 'murphy-eval-report', version: 1, label: 'final', model: '/ckpt/final', startedAt: '2025-01-01T00:00:00.000Z', wallSeconds: 1,
  settings: { iterations: [1, 3], runs: 3, temperature: 0.6, topP: 0.95, maxNewTokens: 64, seed: 0, timeoutSeconds: 10, selfReflection: false },
  datasets: [], results: [{ dataset: 'mini', iterations: 3, problems: 30, runs: [0.5, 0.5, 0.5], mean: 0.5, std: 0 }],
};

describe('the evaluation ConfigMap', () => {
  it('server-side applies report.json under "<label>.json" with a field manager per label', async () => {
    const requests: KubeRequest[] = [];
    const client: KubeClient = { request: <T>(req: KubeRequest) => (requests.push(req), Promise.resolve({} as T)) };
    await writeReportConfigMap(client, { name: 'demo-evaluation', namespace: 'ml' }, report);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: 'PATCH', path: '/api/v1/namespaces/ml/configmaps/demo-evaluation', contentType: 'application/apply-patch+yaml' });
    expect(requests[0]?.query).toMatchObject({ fieldManager: 'murphy-eval-final', force: 'true' });
    const data = (requests[0]?.body as { data: Record<string, string> }).data;
    expect(evalReportSchema.parse(JSON.parse(data['final.json'] ?? ''))).toEqual(report);
  });

  it('turns any label into a valid key', () => {
    expect(reportKey('base')).toBe('base.json');
    expect(reportKey('/ckpt/step 50')).toBe('ckpt-step-50.json');
    expect(reportKey('...')).toBe('report.json');
    expect(evalFieldManager('a/b')).toBe('murphy-eval-a-b');
  });
});
