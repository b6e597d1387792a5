// The PromQL a user of the chart runs: every query of the Grafana dashboard (panels and template
// variables) and every alert of the rendered PrometheusRule.
export interface Query {
  /** Where it is, for the failure message, e.g. 'dashboard panel "Step"'. */
  readonly where: string;
  readonly expr: string;
  readonly kind: 'expr' | 'variable';
}

interface Panel {
  readonly title?: string;
  readonly targets?: readonly { readonly expr?: string }[];
  readonly panels?: readonly Panel[];
}

interface Dashboard {
  readonly panels?: readonly Panel[];
  readonly templating?: { readonly list?: readonly { readonly name: string; readonly type: string; readonly query?: unknown }[] };
}

function panelQueries(panels: readonly Panel[]): Query[] {
  return panels.flatMap((panel) => [
    ...(panel.targets ?? []).filter((t) => t.expr).map((t): Query => ({ where: `dashboard panel "${panel.title ?? '?'}"`, expr: t.expr as string, kind: 'expr' })),
    ...panelQueries(panel.panels ?? []),
  ]);
}

export function dashboardQueries(dashboard: Dashboard): Query[] {
  const variables = (dashboard.templating?.list ?? [])
    .filter((v) => v.type === 'query')
    .map((v): Query => {
      const query = typeof v.query === 'string' ? v.query : ((v.query as { query?: string } | undefined)?.query ?? '');
      return { where: `dashboard variable "${v.name}"`, expr: query, kind: 'variable' };
    });
  return [...panelQueries(dashboard.panels ?? []), ...variables];
}

interface RuleObject {
  readonly kind?: string;
  readonly spec?: { readonly groups?: readonly { readonly name: string; readonly rules?: readonly { readonly alert?: string; readonly record?: string; readonly expr: string }[] }[] };
}

export function ruleQueries(objects: readonly RuleObject[]): Query[] {
  return objects
    .filter((o) => o.kind === 'PrometheusRule')
    .flatMap((o) => o.spec?.groups ?? [])
    .flatMap((g) => (g.rules ?? []).map((r): Query => ({ where: `alert ${r.alert ?? r.record ?? '?'} (group ${g.name})`, expr: r.expr, kind: 'expr' })));
}

/** Grafana's variables replaced by plain values, so the expression parses as PromQL. */
export function withoutGrafanaVariables(expr: string): string {
  return expr.replace(/\$__rate_interval|\$__interval|\$\{__rate_interval\}/g, '5m').replace(/\$\{?(\w+)\}?/g, 'x');
}
