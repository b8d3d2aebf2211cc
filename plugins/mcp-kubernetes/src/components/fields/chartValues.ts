/**
 * Turns the template form's answers into chart values. The policy preview
 * field shows the result live and stores it as its own value, which the
 * template passes to mcp-kubernetes:deploy unchanged (the action checks it
 * again: the form is not trusted).
 */

/** Replicas and per-pod resources of the template's size choices. */
export const SIZE_PRESETS = {
  small: {
    replicaCount: 2,
    requests: { cpu: '100m', memory: '128Mi' },
    limits: { cpu: '500m', memory: '512Mi' },
  },
  medium: {
    replicaCount: 2,
    requests: { cpu: '250m', memory: '256Mi' },
    limits: { cpu: '1', memory: '1Gi' },
  },
  large: {
    replicaCount: 3,
    requests: { cpu: '500m', memory: '512Mi' },
    limits: { cpu: '2', memory: '2Gi' },
  },
} as const;

export type SizePreset = keyof typeof SIZE_PRESETS;

/** The answers of templates/deploy-mcp-kubernetes this mapping reads. */
export interface DeployFormData {
  size?: string;
  imageTag?: string;
  oauthEnabled?: boolean;
  baseURL?: string;
  existingSecret?: string;
  externalSecretEnabled?: boolean;
  secretStoreName?: string;
  secretStoreKind?: string;
  ingressEnabled?: boolean;
  ingressHost?: string;
  ingressClassName?: string;
  tlsSecretName?: string;
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/**
 * The chart's `mcpKubernetes.oauth.externalSecret` block: ESO writes the
 * credentials Secret (existingSecret, else the chart's default name) from the
 * named store; remote keys keep the chart's per-release defaults.
 */
function externalSecretValues(form: DeployFormData): Record<string, unknown> {
  return {
    enabled: true,
    secretStoreRef: {
      name: text(form.secretStoreName),
      kind:
        form.secretStoreKind === 'ClusterSecretStore'
          ? 'ClusterSecretStore'
          : 'SecretStore',
    },
  };
}

export function buildChartValues(
  form: DeployFormData,
): Record<string, unknown> {
  const size =
    SIZE_PRESETS[
      (form.size as SizePreset) in SIZE_PRESETS
        ? (form.size as SizePreset)
        : 'small'
    ];
  const values: Record<string, unknown> = {
    replicaCount: size.replicaCount,
    resources: { requests: { ...size.requests }, limits: { ...size.limits } },
  };
  if (text(form.imageTag)) {
    values.image = { tag: text(form.imageTag) };
  }
  if (form.oauthEnabled) {
    const oauth: Record<string, unknown> = {
      enabled: true,
      baseURL: text(form.baseURL),
      existingSecret: text(form.existingSecret),
      allowPublicRegistration: false,
    };
    // Only with OAuth on: the chart refuses an ExternalSecret nothing reads.
    if (form.externalSecretEnabled) {
      oauth.externalSecret = externalSecretValues(form);
    }
    values.mcpKubernetes = { oauth };
  }
  const host = text(form.ingressHost);
  if (form.ingressEnabled) {
    values.ingress = {
      enabled: true,
      ...(text(form.ingressClassName)
        ? { className: text(form.ingressClassName) }
        : {}),
      hosts: host ? [{ host, paths: [{ path: '/', pathType: 'Prefix' }] }] : [],
      tls: text(form.tlsSecretName)
        ? [{ secretName: text(form.tlsSecretName), hosts: host ? [host] : [] }]
        : [],
    };
  }
  return values;
}
