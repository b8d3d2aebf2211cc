import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  CHART_DIR,
  ciScenarios,
  K8sObject,
  kindsOf,
  only,
  parseObjects,
  renderChart,
  RELEASE,
} from './helmHarness';

jest.setTimeout(120_000);

/** The chart's knobs beyond the spec examples: network policies, extras, kubeconfig mode, probes. */

const scenarios = ciScenarios();
const render = async (...args: string[]) =>
  parseObjects(await renderChart(args));
const podSpec = (objects: K8sObject[]) =>
  only(objects, 'Deployment').spec.template.spec;
const OAUTH_ON = [
  '--set',
  'mcpKubernetes.oauth.enabled=true',
  '--set',
  'mcpKubernetes.oauth.baseURL=https://mcp.example.com',
  '--set',
  'mcpKubernetes.oauth.existingSecret=creds',
];

describe('CiliumNetworkPolicy', () => {
  it('by default: egress only to the kube-apiserver, ingress to the server port from apiserver and host', async () => {
    const cnp = only(await render(), 'CiliumNetworkPolicy');
    expect(cnp.spec.endpointSelector).toEqual({
      matchLabels: {
        'app.kubernetes.io/name': 'mcp-kubernetes',
        'app.kubernetes.io/instance': RELEASE,
      },
    });
    expect(cnp.spec.egress).toEqual([{ toEntities: ['kube-apiserver'] }]);
    expect(cnp.spec.ingress).toEqual([
      {
        fromEntities: ['kube-apiserver', 'host'],
        toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }],
      },
    ]);
  });

  it('keeps ingress in default deny when no source is allowed', async () => {
    const cnp = only(
      await render('--set-json', 'ciliumNetworkPolicy.ingressFromEntities=[]'),
      'CiliumNetworkPolicy',
    );
    expect(cnp.spec.ingress).toEqual([{}]);
  });

  it("with OAuth: DNS for, and HTTPS to, only the OAuth provider's hosts", async () => {
    const cnp = only(await render(...OAUTH_ON), 'CiliumNetworkPolicy');
    const fqdns = parse(readFileSync(join(CHART_DIR, 'values.yaml'), 'utf8'))
      .ciliumNetworkPolicy.oauthProviderFQDNs;
    const names = fqdns.map((matchName: string) => ({ matchName }));
    expect(cnp.spec.egress).toEqual([
      { toEntities: ['kube-apiserver'] },
      {
        toEndpoints: [
          {
            matchLabels: {
              'k8s:io.kubernetes.pod.namespace': 'kube-system',
              'k8s:k8s-app': 'kube-dns',
            },
          },
        ],
        toPorts: [
          { ports: [{ port: '53', protocol: 'ANY' }], rules: { dns: names } },
        ],
      },
      {
        toFQDNs: names,
        toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }],
      },
    ]);
  });

  it('carries extra labels, annotations and ingress endpoints', async () => {
    const objects = await render(
      '-f',
      scenarios.extras,
      '--set-json',
      'ciliumNetworkPolicy.ingressFromEndpoints=[{"matchLabels":{"app":"ingress"}}]',
    );
    const cnp = only(objects, 'CiliumNetworkPolicy');
    expect(cnp.metadata.labels['example.com/owner']).toBe('platform');
    expect(cnp.metadata.annotations).toEqual({
      'example.com/reviewed': '2024-01-01',
    });
    expect(cnp.spec.ingress[1]).toEqual({
      fromEndpoints: [{ matchLabels: { app: 'ingress' } }],
      toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }],
    });
  });
});

describe('optional extras (ci/extras-values.yaml)', () => {
  let objects: K8sObject[];
  beforeAll(async () => {
    objects = await render('-f', scenarios.extras);
  });

  it('adds PDB, NetworkPolicy, ServiceMonitor and HPA, which are all off by default', async () => {
    const extras = [
      'HorizontalPodAutoscaler',
      'NetworkPolicy',
      'PodDisruptionBudget',
      'ServiceMonitor',
    ];
    expect(kindsOf(objects)).toEqual(expect.arrayContaining(extras));
    const defaults = kindsOf(await render());
    for (const kind of extras) expect(defaults).not.toContain(kind);
  });

  it('NetworkPolicy: API server CIDR and ports, ingress from the given peers to the server port', () => {
    const np = only(objects, 'NetworkPolicy');
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.spec.egress).toEqual([
      {
        ports: [
          { port: 443, protocol: 'TCP' },
          { port: 6443, protocol: 'TCP' },
        ],
        to: [{ ipBlock: { cidr: '10.0.0.1/32' } }],
      },
    ]);
    expect(np.spec.ingress).toEqual([
      {
        ports: [{ port: 'http', protocol: 'TCP' }],
        from: [
          {
            namespaceSelector: {
              matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' },
            },
          },
        ],
      },
    ]);
  });

  it('HPA: CPU and memory targets', () => {
    expect(
      only(objects, 'HorizontalPodAutoscaler').spec.metrics.map(
        (m: K8sObject) => [
          m.resource.name,
          m.resource.target.averageUtilization,
        ],
      ),
    ).toEqual([
      ['cpu', 75],
      ['memory', 80],
    ]);
  });

  it('PDB and ServiceMonitor select the pods / Service', () => {
    const selector = only(objects, 'Deployment').spec.selector.matchLabels;
    expect(only(objects, 'PodDisruptionBudget').spec).toEqual({
      minAvailable: 1,
      selector: { matchLabels: selector },
    });
    const sm = only(objects, 'ServiceMonitor');
    expect(sm.metadata.labels.release).toBe('prometheus');
    expect(sm.spec.endpoints).toEqual([
      { port: 'http', path: '/metrics', interval: '30s', scrapeTimeout: '10s' },
    ]);
  });

  it('passes scheduling, pull secrets, pod labels and extra env through', () => {
    const spec = podSpec(objects);
    expect(spec.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(spec.tolerations[0].key).toBe('dedicated');
    expect(spec.affinity.podAntiAffinity).toBeDefined();
    expect(spec.imagePullSecrets).toEqual([{ name: 'registry-credentials' }]);
    expect(
      only(objects, 'Deployment').spec.template.metadata.labels[
        'example.com/tier'
      ],
    ).toBe('tools');
    expect(spec.containers[0].env.map((e: K8sObject) => e.name)).toEqual([
      'LOG_LEVEL',
      'EXTRA_TOKEN',
    ]);
  });

  it('maxUnavailable replaces minAvailable in the PDB', async () => {
    const pdb = only(
      await render(
        '--set',
        'podDisruptionBudget.enabled=true',
        '--set',
        'podDisruptionBudget.maxUnavailable=0',
      ),
      'PodDisruptionBudget',
    );
    expect(pdb.spec.maxUnavailable).toBe(0);
    expect(pdb.spec.minAvailable).toBeUndefined();
  });
});

describe('cluster access', () => {
  it('kubeconfig mode: no --in-cluster, KUBECONFIG set, the mounted file, no RBAC objects', async () => {
    const objects = await render('-f', scenarios.kubeconfig);
    const spec = podSpec(objects);
    expect(spec.containers[0].args).not.toContain('--in-cluster');
    expect(spec.containers[0].env).toEqual([
      { name: 'KUBECONFIG', value: '/etc/mcp-kubernetes/kube/config' },
    ]);
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(spec.volumes).toContainEqual({
      name: 'kubeconfig',
      secret: { secretName: 'mcp-kubernetes-kubeconfig' },
    });
    expect(kindsOf(objects)).not.toContain('ClusterRole');
  });

  it('an existing ServiceAccount is used and not created', async () => {
    const objects = await render(
      '--set',
      'serviceAccount.create=false',
      '--set',
      'serviceAccount.name=ops',
    );
    expect(kindsOf(objects)).not.toContain('ServiceAccount');
    expect(podSpec(objects).serviceAccountName).toBe('ops');
    expect(only(objects, 'ClusterRoleBinding').subjects[0].name).toBe('ops');
  });
});

describe('pod basics', () => {
  it('probe path is configurable', async () => {
    const c = podSpec(await render('--set', 'probes.path=/healthz'))
      .containers[0];
    expect([
      c.livenessProbe.httpGet.path,
      c.readinessProbe.httpGet.path,
    ]).toEqual(['/healthz', '/healthz']);
  });

  it('restricted security context and a writable /tmp on a read-only root', async () => {
    const spec = podSpec(await render());
    expect(spec.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(spec.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(spec.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
  });

  it('every object carries the Backstage kubernetes-id and standard labels', async () => {
    for (const object of await render('-f', scenarios.extras)) {
      expect({ kind: object.kind, labels: object.metadata.labels }).toEqual({
        kind: object.kind,
        labels: expect.objectContaining({
          'backstage.io/kubernetes-id': RELEASE,
          'app.kubernetes.io/managed-by': 'Helm',
          'helm.sh/chart': expect.stringMatching(/^mcp-kubernetes-/),
        }),
      });
    }
  });

  it('fullnameOverride renames every object', async () => {
    const objects = await render('--set', 'fullnameOverride=mcp-prod');
    expect(only(objects, 'Deployment').metadata.name).toBe('mcp-prod');
    expect(only(objects, 'ClusterRole').metadata.name).toBe('tools-mcp-prod');
  });
});
