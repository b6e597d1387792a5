import { describe, expect, it } from '@jest/globals';
import { OperatorMetrics, setRunGauges } from './metrics.js';

describe('run gauges', () => {
  it('exports each run\'s phase and evaluation results, and drops runs that are gone', async () => {
    const metrics = new OperatorMetrics();
    const results = [{ model: 'final', dataset: 'mini', iterations: 3, passAt1: 0.5, std: 0.1, problems: 8 }];
    setRunGauges(metrics, [
      { metadata: { namespace: 'ml', name: 'a' }, status: { phase: 'Succeeded', evaluation: { phase: 'Succeeded', results } } },
      { metadata: { namespace: 'ml', name: 'b' }, status: { phase: 'Running' } },
    ]);
    const text = await metrics.registry.metrics();
    expect(text).toContain('murphy_operator_run_phase{namespace="ml",run="a",phase="Succeeded"} 1');
    expect(text).toContain('murphy_operator_run_phase{namespace="ml",run="b",phase="Running"} 1');
    expect(text).toContain('murphy_operator_eval_pass_at_1{namespace="ml",run="a",model="final",dataset="mini",iterations="3"} 0.5');
    expect(text).toContain('murphy_operator_eval_pass_at_1_std{namespace="ml",run="a",model="final",dataset="mini",iterations="3"} 0.1');
    setRunGauges(metrics, [{ metadata: { namespace: 'ml', name: 'b' }, status: { phase: 'Succeeded' } }]);
    const after = await metrics.registry.metrics();
    expect(after).not.toContain('run="a"');
    expect(after).toContain('murphy_operator_runs{phase="Succeeded"} 1');
  });
});
