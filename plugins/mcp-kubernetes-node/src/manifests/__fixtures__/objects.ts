/** Small known-good objects; tests break copies of them one field at a time. */

export function restrictedDeployment(): Record<string, any> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'apps' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          securityContext: {
            runAsNonRoot: true,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: 'web',
              image: 'example.com/web:1.0.0',
              ports: [{ name: 'http', containerPort: 8080 }],
              env: [
                { name: 'LOG_LEVEL', value: 'info' },
                {
                  name: 'API_TOKEN',
                  valueFrom: { secretKeyRef: { name: 'web', key: 'token' } },
                },
                { name: 'API_TOKEN_FILE', value: '/etc/web/token' },
              ],
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
              },
            },
          ],
          volumes: [
            { name: 'tmp', emptyDir: {} },
            { name: 'creds', secret: { secretName: 'web' } },
          ],
        },
      },
    },
  };
}

export function externalSecret(): Record<string, any> {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: 'oauth', namespace: 'apps' },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { name: 'aws', kind: 'SecretStore' },
      target: { name: 'oauth', creationPolicy: 'Owner' },
      data: [
        {
          secretKey: 'google-client-id',
          remoteRef: { key: 'mcp/oauth', property: 'google-client-id' },
        },
      ],
    },
  };
}

export function ciliumPolicy(): Record<string, any> {
  return {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    metadata: { name: 'web', namespace: 'apps' },
    spec: {
      endpointSelector: { matchLabels: { app: 'web' } },
      ingress: [
        {
          fromEntities: ['kube-apiserver'],
          toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }],
        },
      ],
      egress: [
        { toEntities: ['kube-apiserver'] },
        {
          toFQDNs: [{ matchName: 'accounts.google.com' }],
          toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }],
        },
      ],
    },
  };
}
