/**
 * Every `helm install` example of the chart spec (the upstream chart README the
 * chart implements, sections "Usage Examples" and "Production Secret
 * Management"), as written there.
 */
export const SPEC_EXAMPLE_COMMANDS: Record<string, string> = {
  basic: 'helm install mcp-kubernetes ./helm/mcp-kubernetes',
  customImage: `helm install mcp-kubernetes ./helm/mcp-kubernetes \\
  --set image.registry=ghcr.io \\
  --set image.repository=giantswarm/mcp-kubernetes \\
  --set image.tag=v1.0.0`,
  ingress: `helm install mcp-kubernetes ./helm/mcp-kubernetes \\
  --set ingress.enabled=true \\
  --set ingress.className=nginx \\
  --set ingress.hosts[0].host=mcp-kubernetes.example.com \\
  --set ingress.hosts[0].paths[0].path=/ \\
  --set ingress.hosts[0].paths[0].pathType=Prefix`,
  resourceLimits: `helm install mcp-kubernetes ./helm/mcp-kubernetes \\
  --set resources.limits.cpu=500m \\
  --set resources.limits.memory=512Mi \\
  --set resources.requests.cpu=250m \\
  --set resources.requests.memory=256Mi`,
  autoscaling: `helm install mcp-kubernetes ./helm/mcp-kubernetes \\
  --set autoscaling.enabled=true \\
  --set autoscaling.minReplicas=2 \\
  --set autoscaling.maxReplicas=10 \\
  --set autoscaling.targetCPUUtilizationPercentage=70`,
  withoutNetworkPolicy: `helm install mcp-kubernetes ./helm/mcp-kubernetes \\
  --set ciliumNetworkPolicy.enabled=false`,
  oauthDevelopment: `helm install mcp-kubernetes ./helm/mcp-kubernetes \\
  --set mcpKubernetes.oauth.enabled=true \\
  --set mcpKubernetes.oauth.baseURL=https://mcp-k8s.example.com \\
  --set mcpKubernetes.oauth.existingSecret=mcp-k8s-oauth-credentials \\
  --set ingress.enabled=true \\
  --set ingress.className=nginx \\
  --set ingress.hosts[0].host=mcp-k8s.example.com \\
  --set ingress.hosts[0].paths[0].path=/ \\
  --set ingress.hosts[0].paths[0].pathType=Prefix \\
  --set ingress.tls[0].secretName=mcp-k8s-tls \\
  --set ingress.tls[0].hosts[0]=mcp-k8s.example.com`,
  externalSecretsOperator: `helm install mcp-kubernetes ./helm/mcp-kubernetes \\
  --set mcpKubernetes.oauth.enabled=true \\
  --set mcpKubernetes.oauth.baseURL=https://mcp-k8s.example.com \\
  --set mcpKubernetes.oauth.existingSecret=mcp-oauth-credentials \\
  --set ingress.enabled=true \\
  --set ingress.tls[0].secretName=mcp-k8s-tls \\
  --set ingress.tls[0].hosts[0]=mcp-k8s.example.com`,
};

/** The spec's `values-vault.yaml` (chart values only; its `containers:` key is not a chart value). */
export const SPEC_VAULT_VALUES = {
  mcpKubernetes: {
    oauth: { enabled: true, baseURL: 'https://mcp-k8s.example.com' },
  },
  podAnnotations: {
    'vault.hashicorp.com/agent-inject': 'true',
    'vault.hashicorp.com/role': 'mcp-kubernetes',
  },
};

/** Minimal `--set` parser (dotted keys, `[n]` indexes, true/false/int typing like helm). */
export function valuesFromSetFlags(command: string): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const flags = [...command.matchAll(/--set\s+([^\s\\]+)/g)].map(m => m[1]);
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    const key = flag.slice(0, eq);
    const raw = flag.slice(eq + 1);
    let value: unknown = raw;
    if (raw === 'true' || raw === 'false') value = raw === 'true';
    else if (/^-?\d+$/.test(raw)) value = Number(raw);
    const parts = key.split('.').flatMap(p => {
      const m = /^([^[]+)((?:\[\d+\])*)$/.exec(p)!;
      return [m[1], ...[...m[2].matchAll(/\[(\d+)\]/g)].map(x => Number(x[1]))];
    });
    let cur: any = values;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        cur[part] = value;
      } else {
        cur[part] ??= typeof parts[i + 1] === 'number' ? [] : {};
        cur = cur[part];
      }
    });
  }
  return values;
}
