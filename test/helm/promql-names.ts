// Metric names in PromQL expressions (dashboard queries, alert rules) and in Prometheus text
// exposition (/metrics), so a test can fail when a query names a metric no component exports.
const KEYWORDS = new Set(['and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool', 'inf', 'nan', 'atan2']);

/** Removes what is never a metric name: strings, label matchers, ranges, label lists, variables. */
function stripNonMetrics(expr: string): string {
  return expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\$\{[^}]*\}|\$\w+/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
}

/** The metric names an expression selects (functions, keywords and labels left out). */
export function metricNamesInPromql(expr: string): string[] {
  const names = new Set<string>();
  for (const match of stripNonMetrics(expr).matchAll(/(?<![\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)) {
    const [, name, call] = match;
    if (call || KEYWORDS.has((name as string).toLowerCase())) continue;
    names.add(name as string);
  }
  return [...names].sort();
}

/** Grafana template variable queries: label_values(EXPR, label) selects EXPR's metrics only. */
export function metricNamesInVariableQuery(query: string): string[] {
  const labelValues = /^\s*label_values\((.*),\s*[a-zA-Z_][a-zA-Z0-9_]*\s*\)\s*$/s.exec(query);
  if (labelValues) return metricNamesInPromql(labelValues[1] as string);
  const wrapped = /^\s*query_result\((.*)\)\s*$/s.exec(query);
  return metricNamesInPromql(wrapped ? (wrapped[1] as string) : query);
}

const SUFFIXES: Record<string, readonly string[]> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['_sum', '_count'],
  counter: ['_total'],
};

/** Every series name a /metrics text can produce: its samples, and the names its TYPE lines imply. */
export function exportedNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const line of exposition.split('\n')) {
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (\w+)/.exec(line);
    if (type) {
      const [, name, kind] = type as unknown as [string, string, string];
      names.add(name);
      for (const suffix of SUFFIXES[kind] ?? []) names.add(name.endsWith(suffix) ? name : name + suffix);
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)[{\s]/.exec(line);
    if (sample) names.add(sample[1] as string);
  }
  return names;
}
