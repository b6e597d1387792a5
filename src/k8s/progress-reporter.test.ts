import { describe, expect, it } from '@jest/globals';
import type { KubeClient, KubeRequest } from './kube-client.js';
import { ConfigMapProgressReporter, noProgressReporter, progressReporterFromEnv } from './progress-reporter.js';
import { parseProgress, PROGRESS_KEY } from './progress.js';

function recordingClient(): KubeClient & { requests: KubeRequest[] } {
  const requests: KubeRequest[] = [];
  return { requests, request: <T>(req: KubeRequest) => (requests.push(req), Promise.resolve({} as T)) };
}

describe('ConfigMapProgressReporter', () => {
  it('server-side applies the report into the named ConfigMap as the coordinator', async () => {
    const client = recordingClient();
    await new ConfigMapProgressReporter(client, { configMap: 'r-progress', namespace: 'ml' }).report({ step: 3, passRates: [0.5, 0.75] });
    const [req] = client.requests;
    expect(req).toMatchObject({ method: 'PATCH', path: '/api/v1/namespaces/ml/configmaps/r-progress', contentType: 'application/apply-patch+yaml' });
    expect(req?.query).toMatchObject({ fieldManager: 'murphy-coordinator', force: 'true' });
    const body = req?.body as { data: Record<string, string> };
    expect(parseProgress(body.data[PROGRESS_KEY])).toEqual({ step: 3, passRates: [0.5, 0.75] });
  });

  it('skips a report identical to the last one', async () => {
    const client = recordingClient();
    const reporter = new ConfigMapProgressReporter(client, { configMap: 'c', namespace: 'n' });
    await reporter.report({ step: 1 });
    await reporter.report({ step: 1 });
    await reporter.report({ step: 2 });
    expect(client.requests).toHaveLength(2);
  });

  it('rejects a malformed report before writing', async () => {
    const client = recordingClient();
    await expect(new ConfigMapProgressReporter(client, { configMap: 'c', namespace: 'n' }).report({ step: -1 })).rejects.toThrow();
    expect(client.requests).toHaveLength(0);
  });

  it('reports nowhere outside Kubernetes', () => {
    expect(progressReporterFromEnv({}, () => recordingClient())).toBe(noProgressReporter);
    expect(progressReporterFromEnv({ MURPHY_PROGRESS_CONFIGMAP: 'c', MURPHY_NAMESPACE: 'n' }, () => recordingClient())).toBeInstanceOf(ConfigMapProgressReporter);
  });
});
