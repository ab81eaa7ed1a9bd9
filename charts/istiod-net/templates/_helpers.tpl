{{/* Name of the control plane objects: istiod-net, or istiod-net-<revision>. */}}
{{- define "istiod-net.name" -}}
{{- if .Values.revision -}}
{{- printf "istiod-net-%s" .Values.revision | trunc 63 | trimSuffix "-" -}}
{{- else -}}
istiod-net
{{- end -}}
{{- end -}}

{{/* Cluster-scoped objects also carry the namespace, so two installs in different namespaces do not collide. */}}
{{- define "istiod-net.clusterName" -}}
{{- printf "%s-%s" (include "istiod-net.name" .) .Release.Namespace | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The revision as Istio labels it: "default" when none is set. */}}
{{- define "istiod-net.revision" -}}
{{- .Values.revision | default "default" -}}
{{- end -}}

{{/* The mesh config ConfigMap: "istio" for the default revision, "istio-<revision>" otherwise, as istiod names it. */}}
{{- define "istiod-net.meshConfigMap" -}}
{{- if .Values.revision -}}
{{- printf "istio-%s" .Values.revision -}}
{{- else -}}
istio
{{- end -}}
{{- end -}}

{{- define "istiod-net.selectorLabels" -}}
app: istiod-net
istio.io/rev: {{ include "istiod-net.revision" . | quote }}
{{- end -}}

{{- define "istiod-net.labels" -}}
{{ include "istiod-net.selectorLabels" . }}
app.kubernetes.io/name: istiod-net
app.kubernetes.io/instance: {{ .Release.Name | quote }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service | quote }}
app.kubernetes.io/part-of: istio
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | quote }}
{{- end -}}

{{- define "istiod-net.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{/* Address proxies are told to reach the control plane at (xDS and CA over TLS). */}}
{{- define "istiod-net.discoveryAddress" -}}
{{- printf "%s.%s.svc:15012" (include "istiod-net.name" .) .Release.Namespace -}}
{{- end -}}

{{- define "istiod-net.validatorName" -}}
{{- printf "istiod-net-validator-%s" (include "istiod-net.clusterName" . | trimPrefix "istiod-net-" | trimPrefix "istiod-net") | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "istiod-net.injectorName" -}}
{{- printf "istiod-net-sidecar-injector-%s" (include "istiod-net.clusterName" . | trimPrefix "istiod-net-" | trimPrefix "istiod-net") | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The Lease replicas compete for; one per revision. */}}
{{- define "istiod-net.leaseName" -}}
{{- printf "%s-leader" (include "istiod-net.name" .) -}}
{{- end -}}
