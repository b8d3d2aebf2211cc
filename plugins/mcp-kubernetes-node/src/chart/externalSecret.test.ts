import { parseAllDocuments, stringify } from 'yaml';
import { checkRenderedManifests } from '../manifests';
import { readRecording } from '../testUtils/recordedSeed';
import {
  CHART_DIR,
  ciScenarios,
  K8sObject,
  only,
  parseObjects,
  readChartSpec,
  renderChart,
  runHelm,
  RELEASE,
  NAMESPACE,
} from './helmHarness';
import { PinnedHelmMajor } from '../helm/pinnedHelm';

jest.setTimeout(180_000);

/**
 * The optional chart-made External Secrets Operator ExternalSecret
 * (mcpKubernetes.oauth.externalSecret): valid against the vendored CRD, found
 * by the status backend's label selector, and writing exactly the Secret the
 * Deployment reads.
 */

const scenarios = ciScenarios();
const ES = ['-f', scenarios['external-secret']];
const ENABLE = [
  '--set',
  'mcpKubernetes.oauth.enabled=true',
  '--set',
  'mcpKubernetes.oauth.baseURL=https://mcp.example.com',
  '--set',
  'mcpKubernetes.oauth.externalSecret.enabled=true',
];
const STORE = [
  '--set',
  'mcpKubernetes.oauth.externalSecret.secretStoreRef.name=vault-backend',
];

const template = (args: string[], version: PinnedHelmMajor = 'v4') =>
  runHelm(
    ['template', RELEASE, CHART_DIR, '--namespace', NAMESPACE, ...args],
    version,
  );
const externalSecrets = (objects: K8sObject[]) =>
  objects.filter(o => o.kind === 'ExternalSecret');

/** secretKeyRef name → keys, and volume Secret names, of the Deployment's pod. */
function secretsReadByDeployment(objects: K8sObject[]) {
  const pod = only(objects, 'Deployment').spec.template.spec;
  const refs = new Map<string, string[]>();
  for (const env of pod.containers[0].env ?? []) {
    const ref = env.valueFrom?.secretKeyRef;
    if (ref) refs.set(ref.name, [...(refs.get(ref.name) ?? []), ref.key]);
  }
  const volumes = (pod.volumes ?? [])
    .filter((v: K8sObject) => v.secret)
    .map((v: K8sObject) => v.secret.secretName);
  return { refs, volumes };
}

describe('ExternalSecret', () => {
  it.each([
    ['defaults', [] as string[]],
    ['ci/oauth-eso (existingSecret only)', ['-f', scenarios['oauth-eso']]],
    ['ci/oauth-inline-dev', ['-f', scenarios['oauth-inline-dev']]],
  ])('is off by default: %s renders none', async (_name, args) => {
    const objects = parseObjects(await renderChart(args));
    expect(objects.length).toBeGreaterThan(3);
    expect(externalSecrets(objects)).toEqual([]);
  });

  it('ci/external-secret: validates against the ESO CRD with zero findings', async () => {
    const rendered = await renderChart(ES);
    const es = only(parseObjects(rendered), 'ExternalSecret');
    expect(es.apiVersion).toBe('external-secrets.io/v1');
    expect(checkRenderedManifests(rendered)).toEqual([]);
    // Not vacuous: the same object with a CRD violation is caught.
    const broken = {
      ...es,
      spec: { ...es.spec, secretStoreRef: { name: 'x', kind: 'Vault' } },
    };
    broken.spec.data = [{ secretKey: 'a', remoteRef: { property: 'p' } }];
    expect(
      checkRenderedManifests(stringify(broken))
        .map(f => f.path)
        .sort(),
    ).toEqual(['spec.data[0].remoteRef.key', 'spec.secretStoreRef.kind']);
  });

  it("carries the chart's labels, so the status backend's selector finds it", async () => {
    const objects = parseObjects(await renderChart(ES));
    const labels = only(objects, 'ExternalSecret').metadata.labels;
    expect(labels).toMatchObject({
      'app.kubernetes.io/name': 'mcp-kubernetes',
      'app.kubernetes.io/instance': RELEASE,
      'backstage.io/kubernetes-id': RELEASE,
    });
    expect(labels).toEqual(only(objects, 'Deployment').metadata.labels);
  });

  it('writes exactly the Secret and keys the Deployment reads', async () => {
    const objects = parseObjects(await renderChart(ES));
    const es = only(objects, 'ExternalSecret');
    const { refs } = secretsReadByDeployment(objects);
    expect([...refs.keys()]).toEqual(['mcp-k8s-oauth-credentials']);
    expect(es.spec.target.name).toBe('mcp-k8s-oauth-credentials');
    expect(es.metadata.name).toBe(es.spec.target.name);
    expect(es.metadata.namespace).toBe(NAMESPACE);
    expect(es.spec.data.map((d: K8sObject) => d.secretKey).sort()).toEqual(
      refs.get(es.spec.target.name)!.sort(),
    );
    // ESO owns the Secret: the chart must not render one of its own.
    expect(objects.map(o => o.kind)).not.toContain('Secret');
  });

  it('without existingSecret targets "<fullname>-oauth", also in file mode', async () => {
    const objects = parseObjects(
      await renderChart([
        ...ENABLE,
        ...STORE,
        '--set',
        'mcpKubernetes.oauth.mountCredentialsAsFiles=true',
      ]),
    );
    const es = only(objects, 'ExternalSecret');
    expect(es.spec.target.name).toBe(`${RELEASE}-mcp-kubernetes-oauth`);
    const { refs, volumes } = secretsReadByDeployment(objects);
    expect(refs.size).toBe(0);
    expect(volumes).toEqual([es.spec.target.name]);
    expect(es.spec.data.map((d: K8sObject) => d.remoteRef)).toEqual([
      { key: `${RELEASE}-google-client-id` },
      { key: `${RELEASE}-google-client-secret` },
      { key: `${RELEASE}-registration-token` },
      { key: `${RELEASE}-oauth-encryption-key` },
    ]);
  });

  it('reproduces the recorded install (31-externalsecret-get-synced.json) for the same release', async () => {
    const recorded = JSON.parse(
      readRecording('31-externalsecret-get-synced.json'),
    );
    const result = await runHelm([
      'template',
      recorded.metadata.labels['app.kubernetes.io/instance'],
      CHART_DIR,
      '--namespace',
      recorded.metadata.namespace,
      ...ES,
    ]);
    expect(result.stderr).toBe('');
    const es = only(parseObjects(result.stdout), 'ExternalSecret');
    expect(es.spec).toEqual(recorded.spec);
    expect(es.metadata.name).toBe(recorded.metadata.name);
    expect(es.metadata.namespace).toBe(recorded.metadata.namespace);
    // Same labels; only the chart version in helm.sh/chart differs.
    const { 'helm.sh/chart': _chart, ...labels } = recorded.metadata.labels;
    expect(es.metadata.labels).toMatchObject(labels);
    expect(es.metadata.labels['helm.sh/chart']).toMatch(/^mcp-kubernetes-/);
  });

  it("expresses the spec's AWS Secrets Manager example with remoteKeys maps", async () => {
    const specEs = readChartSpec()
      .split('```yaml\n')
      .slice(1)
      .flatMap(block =>
        parseAllDocuments(block.split('```')[0]).map(d => d.toJS()),
      )
      .find(o => o?.kind === 'ExternalSecret');
    expect(specEs).toBeDefined();
    const remoteKeys = Object.fromEntries(
      specEs.spec.data.map((d: K8sObject) => [d.secretKey, d.remoteRef]),
    );
    const objects = parseObjects(
      await renderChart([
        ...ENABLE,
        '--set',
        `mcpKubernetes.oauth.existingSecret=${specEs.spec.target.name}`,
        '--set-json',
        `mcpKubernetes.oauth.externalSecret.secretStoreRef=${JSON.stringify(
          specEs.spec.secretStoreRef,
        )}`,
        '--set-json',
        `mcpKubernetes.oauth.externalSecret.remoteKeys=${JSON.stringify(
          remoteKeys,
        )}`,
      ]),
    );
    const es = only(objects, 'ExternalSecret');
    const bySecretKey = (a: K8sObject, b: K8sObject) =>
      a.secretKey.localeCompare(b.secretKey);
    expect([...es.spec.data].sort(bySecretKey)).toEqual(
      [...specEs.spec.data].sort(bySecretKey),
    );
    expect(es.spec).toMatchObject({
      refreshInterval: specEs.spec.refreshInterval,
      secretStoreRef: specEs.spec.secretStoreRef,
      target: specEs.spec.target,
    });
    expect(es.metadata.name).toBe(specEs.metadata.name);
  });

  it('ClusterSecretStore, refresh, policies, and a global version an entry can override', async () => {
    const objects = parseObjects(
      await renderChart([
        ...ENABLE,
        ...STORE,
        '--set',
        'mcpKubernetes.oauth.externalSecret.secretStoreRef.kind=ClusterSecretStore',
        '--set',
        'mcpKubernetes.oauth.externalSecret.refreshInterval=15m',
        '--set',
        'mcpKubernetes.oauth.externalSecret.creationPolicy=Merge',
        '--set',
        'mcpKubernetes.oauth.externalSecret.deletionPolicy=Delete',
        '--set-string',
        'mcpKubernetes.oauth.externalSecret.remoteRefVersion=3',
        '--set',
        'mcpKubernetes.oauth.externalSecret.remoteKeys.google-client-id=shared/google-id',
        '--set-json',
        'mcpKubernetes.oauth.externalSecret.remoteKeys.oauth-encryption-key={"version":"7"}',
      ]),
    );
    const es = only(objects, 'ExternalSecret');
    expect(es.spec.secretStoreRef).toEqual({
      name: 'vault-backend',
      kind: 'ClusterSecretStore',
    });
    expect(es.spec.refreshInterval).toBe('15m');
    expect(es.spec.target).toMatchObject({
      creationPolicy: 'Merge',
      deletionPolicy: 'Delete',
    });
    expect(es.spec.data.map((d: K8sObject) => d.remoteRef)).toEqual([
      { key: 'shared/google-id', version: '3' },
      { key: `${RELEASE}-google-client-secret`, version: '3' },
      { key: `${RELEASE}-registration-token`, version: '3' },
      { key: `${RELEASE}-oauth-encryption-key`, version: '7' },
    ]);
  });

  it('the install notes name the ExternalSecret to check', async () => {
    const result = await runHelm([
      'install',
      RELEASE,
      CHART_DIR,
      '--namespace',
      NAMESPACE,
      '--dry-run=client',
      ...ES,
    ]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(
      `kubectl --namespace ${NAMESPACE} get externalsecret mcp-k8s-oauth-credentials`,
    );
    expect(result.stdout).not.toContain('DEVELOPMENT-ONLY');
  });
});

describe('ExternalSecret combinations the chart refuses', () => {
  const cases: Array<[string, string[], RegExp]> = [
    [
      'enabled without OAuth',
      [
        '--set',
        'mcpKubernetes.oauth.externalSecret.enabled=true',
        ...STORE,
        '--set',
        'mcpKubernetes.oauth.existingSecret=creds',
      ],
      /mcpKubernetes\.oauth\.externalSecret\.enabled is true but mcpKubernetes\.oauth\.enabled is false/,
    ],
    [
      'enabled together with the chart-made development Secret',
      [
        ...ES,
        '--set',
        'mcpKubernetes.oauth.existingSecret=',
        '--set',
        'mcpKubernetes.oauth.googleClientID=id-placeholder',
        '--set',
        'mcpKubernetes.oauth.googleClientSecret=secret-placeholder',
      ],
      /mcpKubernetes\.oauth\.externalSecret\.enabled is true together with the development-only inline credentials \(mcpKubernetes\.oauth\.googleClientID/,
    ],
    [
      'enabled together with externalCredentials',
      [...ES, '--set', 'mcpKubernetes.oauth.externalCredentials=true'],
      /mcpKubernetes\.oauth\.externalSecret\.enabled and mcpKubernetes\.oauth\.externalCredentials are both true/,
    ],
    [
      'enabled without secretStoreRef.name',
      ENABLE,
      /mcpKubernetes\.oauth\.externalSecret\.enabled is true but mcpKubernetes\.oauth\.externalSecret\.secretStoreRef\.name is empty/,
    ],
  ];
  for (const version of ['v4', 'v3'] as const) {
    it.each(cases)(`helm ${version}: %s`, async (_name, args, message) => {
      const result = await template(args, version);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(message);
    });
  }

  it.each([
    ['an unknown store kind', 'secretStoreRef.kind=Vault', /kind/],
    ['an unknown creationPolicy', 'creationPolicy=Always', /creationPolicy/],
    [
      'a refreshInterval that is no duration',
      'refreshInterval=1 hour',
      /refreshInterval/,
    ],
    ['an unknown remoteKeys entry', 'remoteKeys.client-id=x', /client-id/],
  ])('the schema rejects %s', async (_name, setting, field) => {
    const result = await template([
      ...ENABLE,
      ...STORE,
      '--set',
      `mcpKubernetes.oauth.externalSecret.${setting}`,
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(
      /values don't meet the specifications of the schema/,
    );
    expect(result.stderr).toMatch(field);
  });
});
