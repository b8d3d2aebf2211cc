import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { KubeConfig } from '@kubernetes/client-node';
import { startFakeKubeApiServer } from './FakeKubeApiServer';
import {
  helmUpgradeInstall,
  kubeRequest,
  objectPath,
  releaseManifest,
  runHelm,
  subsetDifferences,
} from './helmOnCluster';
import { playControllers } from './playControllers';
import type { PinnedHelmMajor } from '../helm/pinnedHelm';
import { describeIfRealCluster } from './realCluster';
import type { FakeKubeApiServer, KubeObject } from './types';

jest.setTimeout(240_000);

/**
 * The demo cluster (the fake API server) must behave like a real one for what the portal does
 * with it: the same `helm upgrade --install --wait` of our chart (helm 4: server-side apply;
 * helm 3: create and strategic merge patch) runs on both, then the objects
 * are read back and compared: kinds, names, namespaces, labels, annotations, the spec the chart
 * set, the release Secrets' labels and the rolled-out Deployment. Server-generated fields (uid,
 * resourceVersion, timestamps, managedFields, defaults) are ignored.
 */

// Kinds the bare v1.28 server has without CRDs; the fake serves the same ones.
const VALUES = [
  'ciliumNetworkPolicy.enabled=false',
  'networkPolicy.enabled=true',
  'podDisruptionBudget.enabled=true',
  'podDisruptionBudget.minAvailable=1',
  'ingress.enabled=true',
  'ingress.className=nginx',
  'ingress.hosts[0].host=mcp.example.com',
  'ingress.hosts[0].paths[0].path=/',
  'ingress.hosts[0].paths[0].pathType=Prefix',
  'catalog.entityRef=component:default/mcp-compare',
  'catalog.owner=group:default/team-a',
  'resources.requests.cpu=100m',
  'resources.requests.memory=128Mi',
];

interface Observed {
  kinds: string[];
  objects: Record<
    string,
    { labels: unknown; annotations: unknown; spec: unknown }
  >;
  differences: string[];
  releaseLabels: Array<Record<string, string>>;
  deploymentStatus: unknown;
}

async function observe(
  version: PinnedHelmMajor,
  kubeconfigPath: string,
  release: string,
  namespace: string,
): Promise<Observed> {
  const manifest = await releaseManifest(
    version,
    kubeconfigPath,
    release,
    namespace,
  );
  const objects: Observed['objects'] = {};
  const differences: string[] = [];
  for (const rendered of manifest) {
    const read = await kubeRequest(kubeconfigPath, objectPath(rendered));
    const live = read.body as KubeObject;
    const key = `${rendered.kind} ${rendered.metadata.namespace ?? ''}/${
      rendered.metadata.name
    }`;
    if (read.status !== 200) {
      differences.push(`${key}: HTTP ${read.status}`);
      continue;
    }
    // What the chart rendered must be on the server as rendered (defaults may add more).
    const { metadata: _m, ...renderedBody } = rendered;
    differences.push(
      ...subsetDifferences(renderedBody, live).map(d => `${key}${d}`),
    );
    objects[key] = {
      labels: live.metadata.labels,
      // The deployment controller's own annotations (revision) depend on who plays it.
      annotations: Object.fromEntries(
        Object.entries(live.metadata.annotations ?? {}).filter(
          ([k]) => !k.startsWith('deployment.kubernetes.io/'),
        ),
      ),
      spec: (live as { spec?: unknown }).spec,
    };
  }
  const secrets = await kubeRequest(
    kubeconfigPath,
    `/api/v1/namespaces/${namespace}/secrets?labelSelector=${encodeURIComponent(
      `owner=helm,name=${release}`,
    )}`,
  );
  const deployment = manifest.find(o => o.kind === 'Deployment')!;
  const live = await kubeRequest(kubeconfigPath, objectPath(deployment));
  const status = live.body.status ?? {};
  return {
    kinds: manifest.map(o => `${o.apiVersion} ${o.kind}`).sort(),
    objects,
    differences,
    releaseLabels: (secrets.body.items as KubeObject[])
      .map(s => {
        const {
          modifiedAt: _a,
          createdAt: _b,
          ...labels
        } = s.metadata.labels ?? {};
        return labels;
      })
      .sort((a, b) => String(a.version).localeCompare(String(b.version))),
    deploymentStatus: {
      observedCurrent:
        status.observedGeneration === live.body.metadata.generation,
      replicas: status.replicas,
      readyReplicas: status.readyReplicas,
      available: (status.conditions ?? []).find(
        (c: any) => c.type === 'Available',
      )?.status,
    },
  };
}

/** Values that differ only because the two runs used different release names. */
function normalise(o: Observed, release: string, namespace: string): Observed {
  const text = JSON.stringify(o)
    .split(release)
    .join('<release>')
    .split(namespace)
    .join('<namespace>');
  return JSON.parse(text);
}

describeIfRealCluster(
  'the fake API server against a real one',
  kubeconfigPath =>
    describe.each(['v4', 'v3'] as const)('helm %s', version => {
      let fake: FakeKubeApiServer;
      let dir: string;
      let fakeKubeconfig: string;
      const id = randomBytes(3).toString('hex');
      const release = `mcp-cmp-${version}-${id}`;
      const namespace = `mcpk-cmp-${version}-${id}`;
      let controllers: { stop(): Promise<void> } | undefined;

      beforeAll(async () => {
        fake = await startFakeKubeApiServer({
          tls: true,
          controllers: { readyAfterMs: 300 },
        });
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpk-cmp-'));
        fakeKubeconfig = path.join(dir, 'fake-kubeconfig.yaml');
        fs.writeFileSync(fakeKubeconfig, fake.kubeconfigYaml('fake'), {
          mode: 0o600,
        });
      });

      afterAll(async () => {
        await controllers?.stop();
        await runHelm(version, [
          'uninstall',
          release,
          '--namespace',
          namespace,
          '--kubeconfig',
          kubeconfigPath,
          '--timeout',
          '60s',
        ]);
        await kubeRequest(
          kubeconfigPath,
          `/api/v1/namespaces/${namespace}`,
          'DELETE',
        );
        await fake.close();
        fs.rmSync(dir, { recursive: true, force: true });
      });

      it('installs and upgrades the chart the same way on both', async () => {
        const kc = new KubeConfig();
        kc.loadFromFile(kubeconfigPath);
        controllers = playControllers({ kubeConfig: kc, namespace });

        for (const set of [
          VALUES,
          [...VALUES, 'replicaCount=2', 'podLabels.tier=demo'],
        ]) {
          const onReal = await helmUpgradeInstall({
            version,
            kubeconfigPath,
            release,
            namespace,
            set,
          });
          expect(onReal.stderr).toBe('');
          expect(onReal.code).toBe(0);
          const onFake = await helmUpgradeInstall({
            version,
            kubeconfigPath: fakeKubeconfig,
            release,
            namespace,
            set,
          });
          expect(onFake.stderr).toBe('');
          expect(onFake.code).toBe(0);
        }

        const real = normalise(
          await observe(version, kubeconfigPath, release, namespace),
          release,
          namespace,
        );
        const fromFake = normalise(
          await observe(version, fakeKubeconfig, release, namespace),
          release,
          namespace,
        );
        expect(real.differences).toEqual([]);
        expect(fromFake.differences).toEqual([]);
        expect(fromFake.kinds).toEqual(real.kinds);
        expect(fromFake.kinds).toEqual(
          expect.arrayContaining([
            'apps/v1 Deployment',
            'networking.k8s.io/v1 Ingress',
            'networking.k8s.io/v1 NetworkPolicy',
            'policy/v1 PodDisruptionBudget',
            'rbac.authorization.k8s.io/v1 ClusterRole',
          ]),
        );
        expect(Object.keys(fromFake.objects).sort()).toEqual(
          Object.keys(real.objects).sort(),
        );
        for (const key of Object.keys(real.objects)) {
          expect([key, fromFake.objects[key].labels]).toEqual([
            key,
            real.objects[key].labels,
          ]);
          expect([key, fromFake.objects[key].annotations]).toEqual([
            key,
            real.objects[key].annotations,
          ]);
        }
        expect(fromFake.releaseLabels).toEqual(real.releaseLabels);
        expect(real.releaseLabels.map(l => l.status)).toEqual([
          'superseded',
          'deployed',
        ]);
        expect(fromFake.deploymentStatus).toEqual(real.deploymentStatus);
        expect(real.deploymentStatus).toEqual({
          observedCurrent: true,
          replicas: 2,
          readyReplicas: 2,
          available: 'True',
        });
      });
    }),
);
