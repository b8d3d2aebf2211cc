import {
  buildChartValues,
  composeChartValues,
  deepMergeValues,
  deployAnswersSchema,
  normalizeEntityRef,
} from './deployAnswers';

const base = {
  cluster: 'dev-cluster',
  namespace: 'mcp-team-a',
  releaseName: 'mcp-team-a',
  environment: 'development',
  owner: 'team-a',
};

const issues = (input: unknown) => {
  const r = deployAnswersSchema.safeParse(input);
  return r.success
    ? []
    : r.error.issues.map(i => `${i.path.join('.')}: ${i.message}`);
};

describe('deployAnswersSchema', () => {
  it('applies the defaults', () => {
    expect(deployAnswersSchema.parse(base)).toMatchObject({
      size: 'small',
      access: 'read-only',
      oauthEnabled: false,
      externalSecretEnabled: false,
      secretStoreKind: 'SecretStore',
      ingressEnabled: false,
      wait: true,
    });
  });

  it('accepts empty strings for optional names (an untouched form field)', () => {
    expect(
      issues({
        ...base,
        imageTag: '',
        existingSecret: '',
        ingressHost: '',
        baseURL: '',
      }),
    ).toEqual([]);
  });

  it.each([
    ['baseURL', 'https://x.example.com/\n---\nkind: ClusterRoleBinding'],
    ['baseURL', 'https://x.example.com/ a'],
    ['baseURL', 'http://x.example.com'],
    ['baseURL', 'https://user:pw@x.example.com'],
    ['baseURL', 'https://x.example.com/"quote'],
    ['baseURL', 'https://localhost'],
    ['ingressHost', 'a.example.com\n'],
    ['ingressHost', 'A.example.com'],
    ['ingressHost', '*.example.com'],
    ['imageTag', 'v1\n---'],
    ['imageTag', '-v1'],
    ['existingSecret', '%2e%2e'],
    ['existingSecret', '../x'],
    ['tlsSecretName', 'x\u0000'],
    ['namespace', 'mcp\u200b'],
    ['cluster', 'dev cluster'],
    ['owner', 'group:default/team-a\n'],
    ['size', 'huge'],
    ['access', 'admin'],
    ['secretStoreKind', 'Vault'],
  ])('refuses %s = %j, naming the field', (field, value) => {
    const found = issues({ ...base, [field]: value });
    expect(found.length).toBeGreaterThan(0);
    expect(found.join(' ')).toContain(field);
  });

  it('refuses unknown keys, __proto__ included', () => {
    expect(issues({ ...base, chartValues: {} }).join()).toContain(
      'chartValues',
    );
    expect(
      issues(
        JSON.parse(JSON.stringify(base).replace('{', '{"__proto__":{"x":1},')),
      ).join(),
    ).toContain('__proto__');
  });

  it('checks the combinations the chart needs', () => {
    expect(issues({ ...base, oauthEnabled: true })).toEqual([
      'baseURL: baseURL is required when oauthEnabled is true',
      'existingSecret: existingSecret is required when oauthEnabled is true: name the Secret that holds the OAuth credentials, or turn on externalSecretEnabled to have one synced from your secret store',
    ]);
    const oauth = {
      ...base,
      oauthEnabled: true,
      baseURL: 'https://mcp.example.com',
    };
    // Credentials come from a named Secret or from ESO, never from the form.
    expect(issues({ ...oauth, existingSecret: 'mcp-oauth' })).toEqual([]);
    expect(
      issues({
        ...oauth,
        externalSecretEnabled: true,
        secretStoreName: 'vault',
      }),
    ).toEqual([]);
    expect(issues({ ...base, externalSecretEnabled: true })).toEqual([
      'externalSecretEnabled: externalSecretEnabled needs oauthEnabled: nothing would read the synced credentials',
      'secretStoreName: secretStoreName is required when externalSecretEnabled is true',
    ]);
    expect(issues({ ...base, ingressEnabled: true })).toEqual([
      'ingressHost: ingressHost is required when ingressEnabled is true',
    ]);
  });
});

describe('chart values from the answers', () => {
  it('maps every answer', () => {
    const answers = deployAnswersSchema.parse({
      ...base,
      size: 'large',
      imageTag: 'v1.2.3',
      access: 'read-write',
      oauthEnabled: true,
      baseURL: 'https://mcp.example.com',
      externalSecretEnabled: true,
      secretStoreName: 'vault',
      secretStoreKind: 'ClusterSecretStore',
      ingressEnabled: true,
      ingressHost: 'mcp.example.com',
      ingressClassName: 'nginx',
      tlsSecretName: 'mcp-tls',
    });
    expect(buildChartValues(answers)).toEqual({
      replicaCount: 3,
      resources: {
        requests: { cpu: '500m', memory: '512Mi' },
        limits: { cpu: '2', memory: '2Gi' },
      },
      rbac: { readOnly: false },
      image: { tag: 'v1.2.3' },
      mcpKubernetes: {
        oauth: {
          enabled: true,
          baseURL: 'https://mcp.example.com',
          existingSecret: '',
          allowPublicRegistration: false,
          externalSecret: {
            enabled: true,
            secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' },
          },
        },
      },
      ingress: {
        enabled: true,
        className: 'nginx',
        hosts: [
          {
            host: 'mcp.example.com',
            paths: [{ path: '/', pathType: 'Prefix' }],
          },
        ],
        tls: [{ secretName: 'mcp-tls', hosts: ['mcp.example.com'] }],
      },
    });
  });

  it('puts typed answers over free values and server-set keys over both', () => {
    const answers = deployAnswersSchema.parse({ ...base, entityName: 'Mcp-A' });
    const values = composeChartValues(answers, {
      replicaCount: 7,
      resources: { requests: { cpu: '9' }, extra: 1 },
      podLabels: { a: 'b' },
      rbac: { readOnly: false, create: true },
      catalog: { owner: 'group:default/admins' },
    });
    expect(values).toMatchObject({
      replicaCount: 2,
      resources: { requests: { cpu: '100m', memory: '128Mi' }, extra: 1 },
      podLabels: { a: 'b' },
      rbac: { readOnly: true, create: true },
      catalog: {
        entityRef: 'component:default/mcp-a',
        owner: 'group:default/team-a',
      },
    });
  });

  it('never merges a prototype key', () => {
    expect(() =>
      deepMergeValues({}, JSON.parse('{"__proto__": {"polluted": 1}}')),
    ).toThrow('values key "__proto__" is not allowed');
    expect(({} as any).polluted).toBeUndefined();
  });

  it('normalizes entity refs', () => {
    expect(normalizeEntityRef('team-a', 'group')).toBe('group:default/team-a');
    expect(normalizeEntityRef('Group:Ops/Team-A', 'group')).toBe(
      'group:ops/team-a',
    );
    expect(normalizeEntityRef('user:jo', 'group')).toBe('user:default/jo');
  });
});
