import { describe, expect, it } from '@jest/globals';
import { dashboardQueries, ruleQueries, withoutGrafanaVariables } from './metric-queries.js';
import { exportedNames, metricNamesInPromql, metricNamesInVariableQuery } from './promql-names.js';

describe('metric names in PromQL', () => {
  it('finds selected metrics and leaves out functions, keywords, labels, ranges and strings', () => {
    const expr = 'histogram_quantile(0.99, sum by (le, job) (rate(murphy_a_bucket{run="$run", x=~"a|b"}[$__rate_interval]))) '
      + '/ on (namespace) group_left (pod) max without (instance) (murphy_b) and murphy_c offset 5m > bool 1e-4';
    expect(metricNamesInPromql(expr)).toEqual(['murphy_a_bucket', 'murphy_b', 'murphy_c']);
  });

  it('reads a label_values variable query as its selector only', () => {
    expect(metricNamesInVariableQuery('label_values(murphy_step{namespace="$namespace"}, run)')).toEqual(['murphy_step']);
    expect(metricNamesInVariableQuery('query_result(max by (run) (murphy_x))')).toEqual(['murphy_x']);
  });

  it('does not mistake label values or Grafana variables for metrics', () => {
    expect(metricNamesInPromql('changes(murphy_step[30m]) == 0 and on (namespace, pod) (time() - murphy_start) > 1800')).toEqual(['murphy_start', 'murphy_step']);
    expect(metricNamesInPromql('label_replace(murphy_q, "dst", "$1", "src", "(.*)")')).toEqual(['murphy_q']);
  });
});

describe('exported names', () => {
  it('includes the series names that TYPE lines imply even before any sample exists', () => {
    const text = [
      '# HELP murphy_d_seconds D.', '# TYPE murphy_d_seconds histogram',
      '# TYPE murphy_requests counter', 'murphy_requests_total{code="OK"} 3', 'murphy_requests_created{code="OK"} 1.7e9',
      '# TYPE murphy_up gauge', 'murphy_up 1',
    ].join('\n');
    expect([...exportedNames(text)].sort()).toEqual([
      'murphy_d_seconds', 'murphy_d_seconds_bucket', 'murphy_d_seconds_count', 'murphy_d_seconds_sum',
      'murphy_requests', 'murphy_requests_created', 'murphy_requests_total', 'murphy_up',
    ]);
  });
});

describe('queries of the dashboard and the alerts', () => {
  it('collects panel targets (also inside rows), variables and PrometheusRule alerts', () => {
    const dashboard = {
      panels: [{ title: 'A', targets: [{ expr: 'murphy_a' }] }, { title: 'row', panels: [{ title: 'B', targets: [{ expr: 'murphy_b' }, {}] }] }],
      templating: { list: [{ name: 'run', type: 'query', query: { query: 'label_values(murphy_c, run)' } }, { name: 'ds', type: 'datasource', query: 'prometheus' }] },
    };
    expect(dashboardQueries(dashboard).map((q) => [q.where, q.expr, q.kind])).toEqual([
      ['dashboard panel "A"', 'murphy_a', 'expr'],
      ['dashboard panel "B"', 'murphy_b', 'expr'],
      ['dashboard variable "run"', 'label_values(murphy_c, run)', 'variable'],
    ]);
    const rules = ruleQueries([{ kind: 'ConfigMap' }, { kind: 'PrometheusRule', spec: { groups: [{ name: 'g', rules: [{ alert: 'Down', expr: 'up == 0' }] }] } }]);
    expect(rules).toEqual([{ where: 'alert Down (group g)', expr: 'up == 0', kind: 'expr' }]);
  });

  it('replaces Grafana variables so that promtool can parse the query', () => {
    expect(withoutGrafanaVariables('rate(m{run="$run", ns="${namespace}"}[$__rate_interval])')).toBe('rate(m{run="x", ns="x"}[5m])');
  });
});
