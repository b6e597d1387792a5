// `node dist/test/helm/check-metric-names-main.js DASHBOARD_JSON RENDERED_CHART_YAML METRICS_DIR [RULES_OUT]`
// Fails (exit 1) when a dashboard query or an alert names a metric that none of the /metrics
// texts in METRICS_DIR (one file per component, as scraped from the running process) exports.
// RULES_OUT receives every dashboard query as a recording rule, so `promtool check rules` can
// parse each one.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { dashboardQueries, ruleQueries, withoutGrafanaVariables, type Query } from './metric-queries.js';
import { exportedNames, metricNamesInPromql, metricNamesInVariableQuery } from './promql-names.js';

function exported(dir: string): { names: Set<string>; components: string[] } {
  const files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
  const names = new Set<string>();
  for (const file of files) for (const name of exportedNames(readFileSync(join(dir, file), 'utf8'))) names.add(name);
  return { names, components: files.map((f) => basename(f, '.txt')) };
}

function problems(queries: readonly Query[], names: Set<string>): string[] {
  return queries.flatMap((q) => {
    const used = q.kind === 'variable' ? metricNamesInVariableQuery(q.expr) : metricNamesInPromql(q.expr);
    if (used.length === 0) return [`${q.where}: names no metric: ${q.expr}`];
    return used.filter((n) => !names.has(n)).map((n) => `${q.where}: ${n} is exported by no component`);
  });
}

function recordingRules(queries: readonly Query[]): string {
  const rules = queries.filter((q) => q.kind === 'expr').map((q, i) => ({ record: `dashboard:query_${i}`, expr: withoutGrafanaVariables(q.expr) }));
  return stringify({ groups: [{ name: 'dashboard', rules }] });
}

function main([dashboardFile, chartFile, metricsDir, rulesOut]: string[]): number {
  if (!dashboardFile || !chartFile || !metricsDir) throw new Error('usage: check-metric-names-main.js DASHBOARD_JSON RENDERED_CHART_YAML METRICS_DIR [RULES_OUT]');
  const dashboard = dashboardQueries(JSON.parse(readFileSync(dashboardFile, 'utf8')));
  const alerts = ruleQueries(parseAllDocuments(readFileSync(chartFile, 'utf8')).map((d) => d.toJS() ?? {}));
  const { names, components } = exported(metricsDir);
  if (rulesOut) writeFileSync(rulesOut, recordingRules(dashboard));
  const found = problems([...dashboard, ...alerts], names);
  for (const line of found) console.error(`metric names: ${line}`);
  console.log(`metric names: ${dashboard.length} dashboard queries and ${alerts.length} alerts against ${names.size} series names from ${components.join(', ')}: ${found.length} problem(s)`);
  if (alerts.length === 0 || dashboard.length === 0) {
    console.error('metric names: no alerts or no dashboard queries found: render the chart with metrics.prometheusRule.enabled=true');
    return 1;
  }
  return found.length === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
