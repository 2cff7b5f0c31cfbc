{{/* Chart name, shortened to the 63 characters a label value allows. */}}
{{- define "crosstenant-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name of the release's resources: <release>-<chart>, or the release name when it already holds the chart name. */}}
{{- define "crosstenant-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Value of the helm.sh/chart label. */}}
{{- define "crosstenant-operator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels that select the operator pods; immutable once installed, so only name and instance. */}}
{{- define "crosstenant-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "crosstenant-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Standard labels plus commonLabels. Called with (dict "context" $ "component" "controller").
*/}}
{{- define "crosstenant-operator.labels" -}}
{{- $ctx := .context -}}
helm.sh/chart: {{ include "crosstenant-operator.chart" $ctx }}
{{ include "crosstenant-operator.selectorLabels" $ctx }}
app.kubernetes.io/version: {{ $ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ $ctx.Release.Service }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/part-of: crosstenant-operator
{{- with $ctx.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Name of the ServiceAccount the operator runs as. */}}
{{- define "crosstenant-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "crosstenant-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Image reference: the digest wins over the tag; the tag defaults to the appVersion. */}}
{{- define "crosstenant-operator.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* "true" when the replicas share the resources through shard Leases: asked for, or (left null) more than one replica. */}}
{{- define "crosstenant-operator.sharding" -}}
{{- $enabled := .Values.sharding.enabled -}}
{{- if kindIs "bool" $enabled }}{{ $enabled }}{{ else }}{{ gt (int .Values.replicaCount) 1 }}{{ end }}
{{- end }}

{{/* "true" when leader election is on: asked for, or forced by more than one replica, unless they shard. */}}
{{- define "crosstenant-operator.leaderElect" -}}
{{- if eq (include "crosstenant-operator.sharding" .) "true" }}false
{{- else if or .Values.leaderElection.enabled (gt (int .Values.replicaCount) 1) }}true
{{- else }}false{{ end }}
{{- end }}

{{/* "true" when a PodDisruptionBudget is rendered: asked for, or (left null) more than one replica. */}}
{{- define "crosstenant-operator.pdbEnabled" -}}
{{- $enabled := .Values.podDisruptionBudget.enabled -}}
{{- if kindIs "bool" $enabled }}{{ $enabled }}{{ else }}{{ gt (int .Values.replicaCount) 1 }}{{ end }}
{{- end }}

{{/* "true" when the cluster serves the Prometheus Operator API (ServiceMonitor, PrometheusRule). */}}
{{- define "crosstenant-operator.hasMonitoringApi" -}}
{{- .Capabilities.APIVersions.Has "monitoring.coreos.com/v1" }}
{{- end }}
