{{/* Chart name, overridable; trimmed to the 63-character label limit. */}}
{{- define "mcp-kubernetes.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Object name prefix. A release already named after the chart is not repeated
("mcp-kubernetes", not "mcp-kubernetes-mcp-kubernetes").
*/}}
{{- define "mcp-kubernetes.fullname" -}}
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

{{/* Chart name and version, for the helm.sh/chart label. */}}
{{- define "mcp-kubernetes.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels on every object. backstage.io/kubernetes-id lets the stock Backstage
Kubernetes plugin find the release's objects by its name.
*/}}
{{- define "mcp-kubernetes.labels" -}}
helm.sh/chart: {{ include "mcp-kubernetes.chart" . | quote }}
{{ include "mcp-kubernetes.selectorLabels" . }}
app.kubernetes.io/version: {{ include "mcp-kubernetes.imageTag" . | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service | quote }}
backstage.io/kubernetes-id: {{ .Release.Name | quote }}
{{- end }}

{{/* Selector labels: immutable in a Deployment, so kept minimal and stable. */}}
{{- define "mcp-kubernetes.selectorLabels" -}}
app.kubernetes.io/name: {{ include "mcp-kubernetes.name" . | quote }}
app.kubernetes.io/instance: {{ .Release.Name | quote }}
{{- end }}

{{- define "mcp-kubernetes.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "mcp-kubernetes.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "mcp-kubernetes.imageTag" -}}
{{- .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{- define "mcp-kubernetes.image" -}}
{{- $repo := required "image.repository is required (e.g. giantswarm/mcp-kubernetes)" .Values.image.repository }}
{{- if .Values.image.registry }}
{{- printf "%s/%s:%s" .Values.image.registry $repo (include "mcp-kubernetes.imageTag" .) }}
{{- else }}
{{- printf "%s:%s" $repo (include "mcp-kubernetes.imageTag" .) }}
{{- end }}
{{- end }}

{{/*
Where the OAuth credentials come from: "externalSecret" (a chart-made
ExternalSecret writes the Secret the pods read), "existingSecret",
"chartSecret" (development only), "external" or "" when OAuth is off. Fails on
ambiguous or missing input, because a server without credentials would only
crash-loop.
*/}}
{{- define "mcp-kubernetes.oauthSource" -}}
{{- $o := .Values.mcpKubernetes.oauth }}
{{- $es := $o.externalSecret | default dict }}
{{- if and $es.enabled (not $o.enabled) }}
{{- fail "mcpKubernetes.oauth.externalSecret.enabled is true but mcpKubernetes.oauth.enabled is false: nothing would read the synced credentials; enable OAuth or turn the ExternalSecret off" }}
{{- end }}
{{- if $o.enabled }}
{{- $inline := or $o.googleClientID $o.googleClientSecret $o.registrationToken $o.encryptionKey }}
{{- if and $es.enabled $inline }}
{{- fail "mcpKubernetes.oauth.externalSecret.enabled is true together with the development-only inline credentials (mcpKubernetes.oauth.googleClientID, googleClientSecret, registrationToken, encryptionKey): both would write the same Secret; leave the inline values empty" }}
{{- else if and $es.enabled $o.externalCredentials }}
{{- fail "mcpKubernetes.oauth.externalSecret.enabled and mcpKubernetes.oauth.externalCredentials are both true: the chart would wire a synced Secret that externalCredentials says it must not; choose one" }}
{{- else if and $es.enabled (not (dig "secretStoreRef" "name" "" $es)) }}
{{- fail "mcpKubernetes.oauth.externalSecret.enabled is true but mcpKubernetes.oauth.externalSecret.secretStoreRef.name is empty: name the SecretStore or ClusterSecretStore (secretStoreRef.kind) that holds the credentials" }}
{{- else if $es.enabled }}externalSecret
{{- else if and $o.existingSecret $inline }}
{{- fail "mcpKubernetes.oauth: set either existingSecret or the inline credentials (googleClientID, googleClientSecret, registrationToken, encryptionKey), not both" }}
{{- else if and $o.externalCredentials (or $o.existingSecret $inline) }}
{{- fail "mcpKubernetes.oauth.externalCredentials is true, so leave existingSecret and the inline credentials empty" }}
{{- else if $o.existingSecret }}existingSecret
{{- else if $o.externalCredentials }}external
{{- else if $inline }}
{{- if not (and $o.googleClientID $o.googleClientSecret) }}
{{- fail "mcpKubernetes.oauth: the development Secret needs both googleClientID and googleClientSecret (or use existingSecret)" }}
{{- end }}chartSecret
{{- else }}
{{- fail "mcpKubernetes.oauth.enabled is true but no credentials are configured: set mcpKubernetes.oauth.existingSecret (production), the inline googleClientID/googleClientSecret (development only), or externalCredentials=true" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Name of the Secret holding the OAuth credentials (with externalSecret.enabled,
the Secret ESO writes: existingSecret, else "<fullname>-oauth").
*/}}
{{- define "mcp-kubernetes.oauthSecretName" -}}
{{- if .Values.mcpKubernetes.oauth.existingSecret }}
{{- .Values.mcpKubernetes.oauth.existingSecret }}
{{- else }}
{{- printf "%s-oauth" (include "mcp-kubernetes.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/*
Credential keys in the Secret and the environment variable each feeds. The
registration token is optional in the chart-made Secret (public registration).
*/}}
{{- define "mcp-kubernetes.oauthKeys" -}}
google-client-id: GOOGLE_CLIENT_ID
google-client-secret: GOOGLE_CLIENT_SECRET
registration-token: REGISTRATION_TOKEN
oauth-encryption-key: OAUTH_ENCRYPTION_KEY
{{- end }}

{{/*
ClusterRole(Binding) name: cluster-scoped, so it carries the namespace to keep
two releases of the same name in different namespaces apart.
*/}}
{{- define "mcp-kubernetes.clusterRoleName" -}}
{{- printf "%s-%s" .Release.Namespace (include "mcp-kubernetes.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
