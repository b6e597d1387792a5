{{/* Names and labels shared by every template. */}}

{{- define "murphy.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The release's base name; objects append a suffix such as "-operator". */}}
{{- define "murphy.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" -}}
{{- else if contains (include "murphy.name" .) .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "murphy.name" .) | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "murphy.operatorName" -}}
{{- printf "%s-operator" (include "murphy.fullname" .) -}}
{{- end -}}

{{- define "murphy.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "murphy.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: murphy
{{- end -}}

{{/* Selects the operator's pods (never a run's pods, which carry other components). */}}
{{- define "murphy.selectorLabels" -}}
app.kubernetes.io/name: {{ include "murphy.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end -}}

{{- define "murphy.operatorLabels" -}}
{{ include "murphy.labels" . }}
app.kubernetes.io/component: operator
{{- end -}}

{{- define "murphy.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "murphy.operatorName" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name: name the existing ServiceAccount when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* repository:tag, the tag defaulting to the chart's appVersion. Call with (list repository tag $). */}}
{{- define "murphy.imageRef" -}}
{{- $repository := index . 0 -}}{{- $tag := index . 1 -}}{{- $root := index . 2 -}}
{{- printf "%s:%s" $repository (default $root.Chart.AppVersion $tag) -}}
{{- end -}}

{{/* The namespaces whose MurphyRuns are reconciled: empty means all. */}}
{{- define "murphy.watchNamespaces" -}}
{{- if eq .Values.rbac.scope "namespaced" -}}
{{- join "," .Values.watchNamespaces -}}
{{- end -}}
{{- end -}}

{{/* Cross-field rules the schema cannot say clearly; each message names the value to change. */}}
{{- define "murphy.validate" -}}
{{- if and (not .Values.leaderElection.enabled) (gt (int .Values.replicas) 1) -}}
{{- fail "replicas: more than one operator replica needs leaderElection.enabled=true (two leaders would both write every run)" -}}
{{- end -}}
{{- if and (eq .Values.rbac.scope "namespaced") (empty .Values.watchNamespaces) -}}
{{- fail "watchNamespaces: list the namespaces to watch when rbac.scope is namespaced" -}}
{{- end -}}
{{- if and (eq .Values.rbac.scope "cluster") (not (empty .Values.watchNamespaces)) -}}
{{- fail "watchNamespaces: set rbac.scope=namespaced to watch only these namespaces (with scope cluster every namespace is watched)" -}}
{{- end -}}
{{- end -}}
