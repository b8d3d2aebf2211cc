import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { mockServices } from '@backstage/backend-test-utils';
import { buildMcpInstall, startFakeKubeApiServer } from '../testUtils';
import type { FakeKubeApiServer } from '../testUtils';
import { DefaultClusterRegistry } from './DefaultClusterRegistry';
import { registryFor } from './__testUtils__/helpers';

describe('DefaultClusterRegistry', () => {
  let fake: FakeKubeApiServer;
  let tmp: string;

  beforeAll(async () => {
    fake = await startFakeKubeApiServer();
    buildMcpInstall({ namespace: 'team-a', release: 'mcp-a' }).all.forEach(o =>
      fake.upsert(o),
    );
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpk-registry-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const fromConfig = (data: object, env: NodeJS.ProcessEnv = {}) =>
    DefaultClusterRegistry.fromConfig({
      config: mockServices.rootConfig({ data }),
      logger: mockServices.logger.mock(),
      env,
      inClusterTokenFile: path.join(tmp, 'no-token'),
    });

  it('builds a working client from kubernetes.clusterLocatorMethods and lists names only', async () => {
    const { registry } = registryFor({ 'dev-eu': fake });
    expect(registry.listClusters()).toEqual([{ name: 'dev-eu' }]);
    expect(JSON.stringify(registry.listClusters())).not.toContain(fake.token);
    const api = registry.getKubeConfig('dev-eu').makeApiClient(CoreV1Api);
    const pods = await api.listNamespacedPod({ namespace: 'team-a' });
    expect(pods.items.map(p => p.metadata?.name)).toHaveLength(2);
    const auth = fake.requests.filter(
      r => r.path === '/api/v1/namespaces/team-a/pods',
    );
    expect(auth.length).toBeGreaterThan(0);
  });

  it('reads the contexts of a local kubeconfig only when enabled, from KUBECONFIG', async () => {
    const file = path.join(tmp, 'config');
    fs.writeFileSync(file, fake.kubeconfigYaml('kind-one'));
    expect(fromConfig({}, { KUBECONFIG: file }).listClusters()).toEqual([]);
    const registry = fromConfig(
      { mcpKubernetes: { kubeconfig: { enabled: true } } },
      { KUBECONFIG: file },
    );
    expect(registry.listClusters()).toEqual([{ name: 'kind-one' }]);
    const pods = await registry
      .getKubeConfig('kind-one')
      .makeApiClient(CoreV1Api)
      .listPodForAllNamespaces();
    expect(pods.items).toHaveLength(2);
  });

  it('uses mcpKubernetes.kubeconfig.path and can limit contexts', () => {
    const file = path.join(tmp, 'kc.yaml');
    const two = fake
      .kubeconfigYaml('a')
      .replace(
        /contexts:\n/,
        `contexts:\n- name: b\n  context:\n    cluster: a\n    user: a\n`,
      );
    fs.writeFileSync(file, two);
    expect(
      fromConfig({
        mcpKubernetes: { kubeconfig: { enabled: true, path: file } },
      }).listClusters(),
    ).toEqual([{ name: 'a' }, { name: 'b' }]);
    expect(
      fromConfig({
        mcpKubernetes: {
          kubeconfig: { enabled: true, path: file, contexts: ['b'] },
        },
      }).listClusters(),
    ).toEqual([{ name: 'b' }]);
  });

  it('throws NotFoundError naming an unknown cluster', () => {
    const { registry } = registryFor({ 'dev-eu': fake });
    expect(registry.has('prod')).toBe(false);
    expect(() => registry.getKubeConfig('prod')).toThrow(
      expect.objectContaining({
        name: 'NotFoundError',
        message: expect.stringContaining("'prod'"),
      }),
    );
  });

  const cluster = (extra: object) => ({
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'c1',
              url: 'https://k8s.example:6443',
              serviceAccountToken: 't',
              ...extra,
            },
          ],
        },
      ],
    },
  });

  it.each([
    [
      { serviceAccountToken: undefined },
      /clusterLocatorMethods\[0\]\.clusters\[0\]\.serviceAccountToken is missing/,
    ],
    [{ url: 'http://k8s.example' }, /clusters\[0\]\.url uses plain http/],
    [{ url: 'not a url' }, /clusters\[0\]\.url 'not a url' is not a URL/],
    [
      { authProvider: 'oidc' },
      /clusters\[0\]\.authProvider 'oidc' is not supported/,
    ],
    [
      { caFile: '/nope/ca.crt' },
      /clusters\[0\]\.caFile '\/nope\/ca.crt' does not exist/,
    ],
    [
      { name: 'bad name!' },
      /clusters\[0\]\.name 'bad name!' is not a valid cluster name/,
    ],
  ])('rejects bad config %j with an error naming the key', (extra, message) => {
    expect(() => fromConfig(cluster(extra))).toThrow(message);
  });

  it('rejects a duplicate cluster name and a missing kubeconfig file', () => {
    const dup = cluster({});
    (dup.kubernetes.clusterLocatorMethods[0].clusters as object[]).push({
      name: 'c1',
      url: 'https://x',
      serviceAccountToken: 't',
    });
    expect(() => fromConfig(dup)).toThrow(/'c1' .* is already used/);
    expect(() =>
      fromConfig({
        mcpKubernetes: {
          kubeconfig: { enabled: true, path: path.join(tmp, 'missing') },
        },
      }),
    ).toThrow(/does not exist; set mcpKubernetes.kubeconfig.path/);
  });

  it('uses the in-cluster token file when serviceAccountToken is absent', async () => {
    const tokenFile = path.join(tmp, 'token');
    fs.writeFileSync(tokenFile, fake.token);
    const registry = DefaultClusterRegistry.fromConfig({
      config: mockServices.rootConfig({
        data: {
          kubernetes: {
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [{ name: 'in', url: fake.url, skipTLSVerify: true }],
              },
            ],
          },
        },
      }),
      logger: mockServices.logger.mock(),
      inClusterTokenFile: tokenFile,
    });
    const pods = await registry
      .getKubeConfig('in')
      .makeApiClient(CoreV1Api)
      .listNamespacedPod({ namespace: 'team-a' });
    expect(pods.items).toHaveLength(2);
  });
});
