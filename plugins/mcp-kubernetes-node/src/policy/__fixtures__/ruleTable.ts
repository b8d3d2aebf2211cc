import { PolicyRuleId } from '../types';

/** One row per rule case: values (and placement), expected `ruleId@path` violations in order. */
const oauthOn = (oauth: Record<string, unknown>) => ({
  mcpKubernetes: { oauth: { enabled: true, ...oauth } },
});
const goodResources = {
  resources: {
    requests: { cpu: '250m', memory: '256Mi' },
    limits: { cpu: '500m', memory: '512Mi' },
  },
};
const tlsIngress = {
  ingress: {
    enabled: true,
    hosts: [{ host: 'mcp.example.com' }],
    tls: [{ secretName: 'mcp-tls', hosts: ['mcp.example.com'] }],
  },
};

export interface Row {
  rule: PolicyRuleId;
  name: string;
  input: {
    values: Record<string, unknown>;
    cluster?: string;
    namespace?: string;
  };
  /** Expected violations as `ruleId@path`, in order; [] for passing values. */
  expected: string[];
}

export const rows: Row[] = [
  {
    rule: 'placement.cluster-allowed',
    name: 'matching glob',
    input: { values: {}, cluster: 'prod-eu' },
    expected: [],
  },
  {
    rule: 'placement.cluster-allowed',
    name: 'other cluster',
    input: { values: {}, cluster: 'dev-1' },
    expected: ['placement.cluster-allowed@cluster'],
  },
  {
    rule: 'placement.cluster-allowed',
    name: 'a glob does not make "*"-like names match others',
    input: { values: {}, cluster: 'dev-prod-eu' },
    expected: ['placement.cluster-allowed@cluster'],
  },
  {
    rule: 'placement.namespace-allowed',
    name: 'team namespace',
    input: { values: {}, namespace: 'mcp-team-a' },
    expected: [],
  },
  {
    rule: 'placement.namespace-allowed',
    name: 'outside globs',
    input: { values: {}, namespace: 'default' },
    expected: ['placement.namespace-allowed@namespace'],
  },
  {
    rule: 'placement.namespace-allowed',
    name: 'denied though allowed',
    input: { values: {}, namespace: 'mcp-system' },
    expected: ['placement.namespace-allowed@namespace'],
  },

  {
    rule: 'oauth.existing-secret-required',
    name: 'existingSecret set',
    input: { values: oauthOn({ existingSecret: 'mcp-oauth' }) },
    expected: [],
  },
  {
    rule: 'oauth.existing-secret-required',
    name: 'externalCredentials',
    input: { values: oauthOn({ externalCredentials: true }) },
    expected: [],
  },
  {
    rule: 'oauth.existing-secret-required',
    name: 'chart ExternalSecret writes the default Secret',
    input: {
      values: oauthOn({
        externalSecret: {
          enabled: true,
          secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' },
        },
      }),
    },
    expected: [],
  },
  {
    rule: 'oauth.existing-secret-required',
    name: 'chart ExternalSecret writes existingSecret',
    input: {
      values: oauthOn({
        existingSecret: 'mcp-oauth',
        externalSecret: { enabled: true, secretStoreRef: { name: 'vault' } },
      }),
    },
    expected: [],
  },
  {
    rule: 'oauth.existing-secret-required',
    name: 'ExternalSecret block present but disabled',
    input: {
      values: oauthOn({
        externalSecret: { enabled: false, secretStoreRef: { name: 'vault' } },
      }),
    },
    expected: [
      'oauth.existing-secret-required@mcpKubernetes.oauth.existingSecret',
    ],
  },
  {
    rule: 'oauth.existing-secret-required',
    name: 'ExternalSecret store named but not enabled',
    input: {
      values: oauthOn({
        externalSecret: { secretStoreRef: { name: 'vault' } },
      }),
    },
    expected: [
      'oauth.existing-secret-required@mcpKubernetes.oauth.existingSecret',
    ],
  },
  {
    rule: 'oauth.existing-secret-required',
    name: 'oauth off needs none',
    input: { values: {} },
    expected: [],
  },
  {
    rule: 'oauth.existing-secret-required',
    name: 'missing',
    input: { values: oauthOn({}) },
    expected: [
      'oauth.existing-secret-required@mcpKubernetes.oauth.existingSecret',
    ],
  },
  {
    rule: 'oauth.existing-secret-required',
    name: 'blank',
    input: { values: oauthOn({ existingSecret: '  ' }) },
    expected: [
      'oauth.existing-secret-required@mcpKubernetes.oauth.existingSecret',
    ],
  },

  {
    rule: 'secrets.no-inline-credentials',
    name: 'none inline',
    input: {
      values: oauthOn({ existingSecret: 's', googleClientID: 'id-is-public' }),
    },
    expected: [],
  },
  {
    rule: 'secrets.no-inline-credentials',
    name: 'env via secretKeyRef',
    input: {
      values: {
        mcpKubernetes: {
          env: [
            {
              name: 'API_TOKEN',
              valueFrom: { secretKeyRef: { name: 's', key: 'k' } },
            },
            { name: 'LOG_LEVEL', value: 'debug' },
          ],
        },
      },
    },
    expected: [],
  },
  {
    rule: 'secrets.no-inline-credentials',
    name: 'three inline fields',
    input: {
      values: oauthOn({
        googleClientSecret: 'x',
        registrationToken: 'y',
        encryptionKey: 'z',
      }),
    },
    expected: [
      'secrets.no-inline-credentials@mcpKubernetes.oauth.googleClientSecret',
      'secrets.no-inline-credentials@mcpKubernetes.oauth.registrationToken',
      'secrets.no-inline-credentials@mcpKubernetes.oauth.encryptionKey',
    ],
  },
  {
    rule: 'secrets.no-inline-credentials',
    name: 'secret env value',
    input: {
      values: {
        mcpKubernetes: {
          env: [
            { name: 'LOG_LEVEL', value: 'x' },
            { name: 'GOOGLE_CLIENT_SECRET', value: 'x' },
          ],
        },
      },
    },
    expected: ['secrets.no-inline-credentials@mcpKubernetes.env[1].value'],
  },

  {
    rule: 'ingress.tls-required',
    name: 'ingress with TLS',
    input: { values: tlsIngress },
    expected: [],
  },
  {
    rule: 'ingress.tls-required',
    name: 'nothing exposed',
    input: { values: { ingress: { enabled: false } } },
    expected: [],
  },
  {
    rule: 'ingress.tls-required',
    name: 'ingress without tls',
    input: { values: { ingress: { enabled: true, tls: [] } } },
    expected: ['ingress.tls-required@ingress.tls'],
  },
  {
    rule: 'ingress.tls-required',
    name: 'oauth without ingress',
    input: { values: oauthOn({}) },
    expected: ['ingress.tls-required@ingress.enabled'],
  },
  {
    rule: 'ingress.tls-required',
    name: 'tls without secretName, host not covered',
    input: {
      values: {
        ingress: {
          enabled: true,
          hosts: [{ host: 'a.example.com' }, { host: 'b.example.com' }],
          tls: [{ hosts: ['a.example.com'] }],
        },
      },
    },
    expected: [
      'ingress.tls-required@ingress.tls[0].secretName',
      'ingress.tls-required@ingress.hosts[1].host',
    ],
  },

  {
    rule: 'oauth.base-url-https',
    name: 'https',
    input: { values: oauthOn({ baseURL: 'https://mcp.example.com' }) },
    expected: [],
  },
  {
    rule: 'oauth.base-url-https',
    name: 'oauth off',
    input: { values: { mcpKubernetes: { oauth: { baseURL: 'http://x' } } } },
    expected: [],
  },
  {
    rule: 'oauth.base-url-https',
    name: 'http',
    input: { values: oauthOn({ baseURL: 'http://mcp.example.com' }) },
    expected: ['oauth.base-url-https@mcpKubernetes.oauth.baseURL'],
  },
  {
    rule: 'oauth.base-url-https',
    name: 'empty',
    input: { values: oauthOn({ baseURL: '' }) },
    expected: ['oauth.base-url-https@mcpKubernetes.oauth.baseURL'],
  },
  {
    rule: 'oauth.base-url-https',
    name: 'not a URL',
    input: { values: oauthOn({ baseURL: 'mcp.example.com' }) },
    expected: ['oauth.base-url-https@mcpKubernetes.oauth.baseURL'],
  },

  {
    rule: 'oauth.no-public-registration',
    name: 'false',
    input: { values: oauthOn({ allowPublicRegistration: false }) },
    expected: [],
  },
  {
    rule: 'oauth.no-public-registration',
    name: 'true',
    input: { values: oauthOn({ allowPublicRegistration: true }) },
    expected: [
      'oauth.no-public-registration@mcpKubernetes.oauth.allowPublicRegistration',
    ],
  },
  {
    rule: 'oauth.no-public-registration',
    name: '--set string "true"',
    input: { values: oauthOn({ allowPublicRegistration: 'true' }) },
    expected: [
      'oauth.no-public-registration@mcpKubernetes.oauth.allowPublicRegistration',
    ],
  },

  {
    rule: 'resources.requests-and-limits',
    name: 'all set',
    input: { values: goodResources },
    expected: [],
  },
  {
    rule: 'resources.requests-and-limits',
    name: 'only limits.cpu',
    input: { values: { resources: { limits: { cpu: '1' } } } },
    expected: [
      'resources.requests-and-limits@resources.requests.cpu',
      'resources.requests-and-limits@resources.requests.memory',
      'resources.requests-and-limits@resources.limits.memory',
    ],
  },
  {
    rule: 'resources.requests-and-limits',
    name: 'bad quantity, request above limit',
    input: {
      values: {
        resources: {
          requests: { cpu: '2', memory: 'lots' },
          limits: { cpu: '1', memory: '1Gi' },
        },
      },
    },
    expected: [
      'resources.requests-and-limits@resources.requests.memory',
      'resources.requests-and-limits@resources.requests.cpu',
    ],
  },

  {
    rule: 'resources.limit-ceilings',
    name: 'under ceilings',
    input: {
      values: { resources: { limits: { cpu: '1000m', memory: '1024Mi' } } },
    },
    expected: [],
  },
  {
    rule: 'resources.limit-ceilings',
    name: 'over ceilings',
    input: {
      values: { resources: { limits: { cpu: '1500m', memory: '2Gi' } } },
    },
    expected: [
      'resources.limit-ceilings@resources.limits.cpu',
      'resources.limit-ceilings@resources.limits.memory',
    ],
  },

  {
    rule: 'network-policy.enabled',
    name: 'on',
    input: { values: { ciliumNetworkPolicy: { enabled: true } } },
    expected: [],
  },
  {
    rule: 'network-policy.enabled',
    name: 'off',
    input: { values: { ciliumNetworkPolicy: { enabled: false } } },
    expected: ['network-policy.enabled@ciliumNetworkPolicy.enabled'],
  },

  {
    rule: 'image.pinned-tag',
    name: 'version tag',
    input: { values: { image: { tag: 'v1.2.3' } } },
    expected: [],
  },
  {
    rule: 'image.pinned-tag',
    name: 'latest',
    input: { values: { image: { tag: 'LATEST' } } },
    expected: ['image.pinned-tag@image.tag'],
  },
  {
    rule: 'image.pinned-tag',
    name: 'empty when not allowed',
    input: { values: { image: { tag: '' } } },
    expected: ['image.pinned-tag@image.tag'],
  },

  {
    rule: 'image.registry-allowed',
    name: 'listed',
    input: { values: { image: { registry: 'gsoci.azurecr.io' } } },
    expected: [],
  },
  {
    rule: 'image.registry-allowed',
    name: 'glob',
    input: { values: { image: { registry: 'registry.corp.example' } } },
    expected: [],
  },
  {
    rule: 'image.registry-allowed',
    name: 'docker hub',
    input: { values: { image: { registry: 'docker.io' } } },
    expected: ['image.registry-allowed@image.registry'],
  },
  {
    rule: 'image.registry-allowed',
    name: 'missing registry',
    input: { values: {} },
    expected: ['image.registry-allowed@image.registry'],
  },

  {
    rule: 'replicas.bounds',
    name: 'in bounds',
    input: { values: { replicaCount: 3 } },
    expected: [],
  },
  {
    rule: 'replicas.bounds',
    name: 'autoscaling on: replicas ignored',
    input: { values: { replicaCount: 1, autoscaling: { enabled: true } } },
    expected: [],
  },
  {
    rule: 'replicas.bounds',
    name: 'too few (default 1)',
    input: { values: {} },
    expected: ['replicas.bounds@replicaCount'],
  },
  {
    rule: 'replicas.bounds',
    name: 'too many',
    input: { values: { replicaCount: 6 } },
    expected: ['replicas.bounds@replicaCount'],
  },
  {
    rule: 'replicas.bounds',
    name: 'not a number',
    input: { values: { replicaCount: 'three' } },
    expected: ['replicas.bounds@replicaCount'],
  },

  {
    rule: 'autoscaling.bounds',
    name: 'in bounds',
    input: {
      values: {
        autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 10 },
      },
    },
    expected: [],
  },
  {
    rule: 'autoscaling.bounds',
    name: 'off',
    input: {
      values: {
        autoscaling: { enabled: false, minReplicas: 1, maxReplicas: 100 },
      },
    },
    expected: [],
  },
  {
    rule: 'autoscaling.bounds',
    name: 'out of bounds',
    input: {
      values: {
        autoscaling: { enabled: true, minReplicas: 1, maxReplicas: 50 },
      },
    },
    expected: [
      'autoscaling.bounds@autoscaling.minReplicas',
      'autoscaling.bounds@autoscaling.maxReplicas',
    ],
  },
  {
    rule: 'autoscaling.bounds',
    name: 'min above max',
    input: {
      values: {
        autoscaling: { enabled: true, minReplicas: 8, maxReplicas: 4 },
      },
    },
    expected: ['autoscaling.bounds@autoscaling.minReplicas'],
  },

  {
    rule: 'service-account.settings',
    name: 'as required',
    input: { values: { serviceAccount: { create: true, automount: true } } },
    expected: [],
  },
  {
    rule: 'service-account.settings',
    name: 'not created, unset automount',
    input: { values: { serviceAccount: { create: false } } },
    expected: [
      'service-account.settings@serviceAccount.create',
      'service-account.settings@serviceAccount.automount',
    ],
  },

  {
    rule: 'rbac.settings',
    name: 'read-only',
    input: { values: { rbac: { readOnly: true } } },
    expected: [],
  },
  {
    rule: 'rbac.settings',
    name: 'read-write',
    input: { values: { rbac: { readOnly: false } } },
    expected: ['rbac.settings@rbac.readOnly'],
  },

  {
    rule: 'rbac.read-only',
    name: 'read-only ClusterRole',
    input: { values: { rbac: { readOnly: true } } },
    expected: [],
  },
  {
    rule: 'rbac.read-only',
    name: 'read-write ClusterRole',
    input: { values: { rbac: { readOnly: false } } },
    expected: ['rbac.read-only@rbac.readOnly'],
  },
  {
    rule: 'rbac.read-only',
    name: 'unset (the chart default is read-write)',
    input: { values: {} },
    expected: ['rbac.read-only@rbac.readOnly'],
  },
  {
    rule: 'rbac.read-only',
    name: 'a string "true" from --set counts',
    input: { values: { rbac: { readOnly: 'true' } } },
    expected: [],
  },

  ...wideningRows(),
];

/** `network-policy.no-widening`: peers that open the chart's network policies to everyone. */
function wideningRows(): Row[] {
  const rule = 'network-policy.no-widening' as const;
  const cnp = (v: Record<string, unknown>) => ({
    values: { ciliumNetworkPolicy: v },
  });
  const np = (v: Record<string, unknown>) => ({
    values: { networkPolicy: { enabled: true, ...v } },
  });
  const narrow = { matchLabels: { app: 'ingress-nginx' } };
  return [
    {
      rule,
      name: 'narrow extras pass',
      input: cnp({
        ingressFromEntities: ['kube-apiserver', 'host'],
        ingressFromEndpoints: [narrow],
        extraIngress: [
          { fromEndpoints: [narrow] },
          { fromCIDR: ['10.0.0.0/24'] },
          { fromCIDRSet: [{ cidr: '192.168.0.0/16' }] },
          { fromEntities: ['kube-apiserver'] },
        ],
        extraEgress: [
          { toFQDNs: [{ matchName: 'api.example.com' }], toPorts: [] },
          { toCIDR: ['10.1.2.3/32'] },
          { toEntities: ['host'] },
        ],
      }),
      expected: [],
    },
    {
      rule,
      name: 'fromEntities world (the review finding)',
      input: cnp({ extraIngress: [{ fromEntities: ['world'] }] }),
      expected: [
        'network-policy.no-widening@ciliumNetworkPolicy.extraIngress[0].fromEntities[0]',
      ],
    },
    {
      rule,
      name: 'toEntities all, world-ipv6, cluster, remote-node',
      input: cnp({
        extraEgress: [
          {
            toEntities: [
              'kube-apiserver',
              'all',
              'world-ipv6',
              'cluster',
              'remote-node',
            ],
          },
        ],
      }),
      expected: [1, 2, 3, 4].map(
        i =>
          `network-policy.no-widening@ciliumNetworkPolicy.extraEgress[0].toEntities[${i}]`,
      ),
    },
    {
      rule,
      name: 'CIDRs 0.0.0.0/0, ::/0 and /8',
      input: cnp({
        extraIngress: [{ fromCIDR: ['0.0.0.0/0', '10.0.0.0/8', '10.0.0.0/9'] }],
        extraEgress: [
          { toCIDRSet: [{ cidr: '::/0' }, { cidr: '2001:db8::/64' }] },
        ],
      }),
      expected: [
        'network-policy.no-widening@ciliumNetworkPolicy.extraIngress[0].fromCIDR[0]',
        'network-policy.no-widening@ciliumNetworkPolicy.extraIngress[0].fromCIDR[1]',
        'network-policy.no-widening@ciliumNetworkPolicy.extraEgress[0].toCIDRSet[0].cidr',
      ],
    },
    {
      rule,
      name: 'an unreadable CIDR is refused (its width is unknown)',
      input: cnp({ extraEgress: [{ toCIDR: ['0.0.0.0/x'] }] }),
      expected: [
        'network-policy.no-widening@ciliumNetworkPolicy.extraEgress[0].toCIDR[0]',
      ],
    },
    {
      rule,
      name: 'empty selectors match every endpoint',
      input: cnp({
        ingressFromEndpoints: [{}],
        extraIngress: [{ fromEndpoints: [{ matchLabels: {} }] }],
        extraEgress: [{ toEndpoints: [{ matchExpressions: [] }] }],
      }),
      expected: [
        'network-policy.no-widening@ciliumNetworkPolicy.extraIngress[0].fromEndpoints[0]',
        'network-policy.no-widening@ciliumNetworkPolicy.extraEgress[0].toEndpoints[0]',
        'network-policy.no-widening@ciliumNetworkPolicy.ingressFromEndpoints[0]',
      ],
    },
    {
      rule,
      name: 'a rule without a peer (ports only) and a catch-all FQDN',
      input: cnp({
        extraIngress: [{ toPorts: [{ ports: [{ port: '8080' }] }] }],
        extraEgress: [{ toFQDNs: [{ matchPattern: '*' }] }],
      }),
      expected: [
        'network-policy.no-widening@ciliumNetworkPolicy.extraIngress[0]',
        'network-policy.no-widening@ciliumNetworkPolicy.extraEgress[0].toFQDNs[0].matchPattern',
      ],
    },
    {
      rule,
      name: 'ingressFromEntities world',
      input: cnp({ ingressFromEntities: ['host', 'world'] }),
      expected: [
        'network-policy.no-widening@ciliumNetworkPolicy.ingressFromEntities[1]',
      ],
    },
    {
      rule,
      name: 'plain NetworkPolicy: narrow peers pass',
      input: np({
        apiServerCIDRs: ['10.96.0.1/32'],
        ingressFrom: [{ podSelector: narrow }],
        extraEgress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/16' } }] }],
      }),
      expected: [],
    },
    {
      rule,
      name: 'plain NetworkPolicy: 0.0.0.0/0, empty selectors, no peers',
      input: np({
        apiServerCIDRs: ['0.0.0.0/0'],
        ingressFrom: [{ namespaceSelector: {} }, { podSelector: {} }],
        extraEgress: [
          { to: [{ ipBlock: { cidr: '::/0' } }] },
          { ports: [{ port: 443 }] },
        ],
      }),
      expected: [
        'network-policy.no-widening@networkPolicy.ingressFrom[0].namespaceSelector',
        'network-policy.no-widening@networkPolicy.ingressFrom[1].podSelector',
        'network-policy.no-widening@networkPolicy.extraEgress[0].to[0].ipBlock.cidr',
        'network-policy.no-widening@networkPolicy.extraEgress[1]',
        'network-policy.no-widening@networkPolicy.apiServerCIDRs[0]',
      ],
    },
  ];
}
