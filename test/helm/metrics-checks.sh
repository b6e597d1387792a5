# Metrics checks of scripts/test.d/60-helm.sh (sourced). Each component runs as the real process,
# started by the command its pod runs (ports moved to free ones): executor, inference and trainer
# first, then the coordinator against them (it registers its own metrics once its peers answer).
# Each /metrics is saved to $WORK/metrics/<component>.txt; the operator's comes from the cluster checks.

declare -A METRICS_PORTS GRPC_PORTS COMPONENT_PIDS

# start_component NAME COMMAND... (METRICS_PORT and GRPC_PORT in COMMAND become free ports)
start_component() {
  local name=$1 arg args=(); shift
  METRICS_PORTS[$name]=$(free_port); GRPC_PORTS[$name]=$(free_port)
  for arg in "$@"; do arg=${arg//METRICS_PORT/${METRICS_PORTS[$name]}}; args+=("${arg//GRPC_PORT/${GRPC_PORTS[$name]}}"); done
  mkdir -p "$WORK/metrics" "$WORK/run-$name"
  (cd "$WORK/run-$name" && exec "${args[@]}") >"$WORK/$name.log" 2>&1 &
  COMPONENT_PIDS[$name]=$!
  STARTED+=("$!")
}

# scrape NAME SECONDS: waits until /metrics names the component's own murphy_<name>_ metrics.
scrape() {
  local name=$1 file="$WORK/metrics/$1.txt"
  if ! wait_for "$2" sh -c "curl -fsS -o '$file.new' http://127.0.0.1:${METRICS_PORTS[$name]}/metrics && grep -q '^# TYPE murphy_${name}_' '$file.new'"; then
    tail -20 "$WORK/$name.log"; return 1
  fi
  mv "$file.new" "$file" && grep -c '^# TYPE murphy_' "$file"
}

stop_components() {
  local name
  for name in "${!COMPONENT_PIDS[@]}"; do kill -TERM "${COMPONENT_PIDS[$name]}" 2>/dev/null; done
  for name in "${!COMPONENT_PIDS[@]}"; do wait "${COMPONENT_PIDS[$name]}" 2>/dev/null; done
}

scrape_components() {
  start_component executor "${MURPHY[@]}" executor --port GRPC_PORT --metrics-port METRICS_PORT --sandbox process
  start_component inference env HF_HUB_OFFLINE=1 "$PYTHON" -m murphy_inference --backend hf --model builtin:tiny \
    --port GRPC_PORT --metrics-port METRICS_PORT
  start_component trainer env HF_HUB_OFFLINE=1 "$PYTHON" -m murphy_trainer --model builtin:tiny --config "$ROOT/examples/tiny.yaml" \
    --port GRPC_PORT --metrics-port METRICS_PORT --checkpoint-dir "$WORK/run-trainer/checkpoints"
  check "executor /metrics (murphy executor)" scrape executor 60
  check "inference /metrics (python -m murphy_inference)" scrape inference 240
  check "trainer /metrics (python -m murphy_trainer)" scrape trainer 240
  start_component coordinator "${MURPHY[@]}" coordinator --config "$ROOT/examples/tiny.yaml" \
    --inference "127.0.0.1:${GRPC_PORTS[inference]}" --executor "127.0.0.1:${GRPC_PORTS[executor]}" \
    --trainer "127.0.0.1:${GRPC_PORTS[trainer]}" --state-dir "$WORK/run-coordinator/state" --metrics-port METRICS_PORT
  check "coordinator /metrics (murphy coordinator, connected to the three)" scrape coordinator 240
  stop_components
}

# Every finding of promtool's lint fails the check.
promtool_metrics() {
  promtool check metrics <"$WORK/metrics/$1.txt"
}

# The alerts of the rendered PrometheusRule as a rules file, and every dashboard query as a
# recording rule (written by the metric-name check): promtool parses them all.
promtool_rules() {
  helm template murphy "$CHART" -f "$CHART/ci/monitoring-values.yaml" | yq -y 'select(.kind == "PrometheusRule") | .spec' >"$WORK/alerts.yaml" &&
    promtool check rules "$WORK/alerts.yaml" "$WORK/dashboard-rules.yaml"
}

metric_names() {
  helm template murphy "$CHART" -f "$CHART/ci/monitoring-values.yaml" >"$WORK/monitoring.yaml" &&
    node dist/test/helm/check-metric-names-main.js "$CHART/dashboards/murphy-run.json" "$WORK/monitoring.yaml" "$WORK/metrics" "$WORK/dashboard-rules.yaml"
}

metrics_checks() {
  local file
  scrape_components
  for file in "$WORK"/metrics/*.txt; do
    [ -e "$file" ] && check "promtool check metrics: $(basename "$file" .txt)" promtool_metrics "$(basename "$file" .txt)"
  done
  check "every dashboard query and alert names an exported metric" metric_names
  check "promtool check rules: the alerts and every dashboard query parse" promtool_rules
}
