{{/*
Names are fixed, as in config/: the ClusterRole, the CRD check and the leader-election Lease are cluster-wide or
known to the operator, so one release of this chart runs per cluster.
*/}}

{{/* Labels of every object: config/default's, plus Helm's own two (the only ones the comparison test ignores). */}}
{{- define "unlearning-operator.labels" -}}
app.kubernetes.io/part-of: unlearning-operator
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Labels of the operator's pods and of the objects that select them. */}}
{{- define "unlearning-operator.operatorLabels" -}}
app.kubernetes.io/name: unlearning-operator
app.kubernetes.io/component: operator
{{- end }}

{{/* registry/repository:tag of an image block ({repository, tag}); the tag defaults to the chart's appVersion. */}}
{{- define "unlearning-operator.image" -}}
{{- $image := index . 0 -}}
{{- $root := index . 1 -}}
{{- $registry := trimSuffix "/" $root.Values.imageRegistry -}}
{{- printf "%s%s:%s" (ternary "" (printf "%s/" $registry) (empty $registry)) $image.repository (default $root.Chart.AppVersion $image.tag) -}}
{{- end }}

{{/* The operator's ServiceAccount as a binding subject. */}}
{{- define "unlearning-operator.subjects" -}}
subjects:
  - kind: ServiceAccount
    name: unlearning-operator
    namespace: {{ .Release.Namespace }}
{{- end }}

{{/* The one cluster-scoped permission: at start-up the operator reads its own CRD (quarkus.operator-sdk.crd.validate). */}}
{{- define "unlearning-operator.crdCheckRule" -}}
- apiGroups: ["apiextensions.k8s.io"]
  resources: ["customresourcedefinitions"]
  resourceNames: ["unlearningrequests.unlearning.dev"]
  verbs: ["get"]
{{- end }}
