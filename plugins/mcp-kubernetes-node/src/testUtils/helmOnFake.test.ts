import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import https from 'node:https';
import { startFakeKubeApiServer } from './FakeKubeApiServer';
import {
  helmUpgradeInstall,
  kubeRequest,
  releaseManifest,
  runHelm,
} from './helmOnCluster';
import { makeFakeTls } from './selfSignedTls';
import type { FakeKubeApiServer } from './types';

jest.setTimeout(180_000);

describe('self-signed TLS material', () => {
  it('is a CA and a serving certificate for 127.0.0.1 and localhost signed by it', () => {
    const tls = makeFakeTls();
    const ca = new X509Certificate(tls.caPem);
    const leaf = new X509Certificate(tls.certPem);
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(leaf.checkHost('localhost')).toBe('localhost');
    expect(leaf.checkHost('example.com')).toBeUndefined();
    // Another CA did not sign it.
    expect(
      leaf.verify(new X509Certificate(makeFakeTls().caPem).publicKey),
    ).toBe(false);
  });
});

describe.each(['v4', 'v3'] as const)(
  'helm %s against the fake API server over TLS with a bearer token',
  version => {
    let fake: FakeKubeApiServer;
    let dir: string;
    let kubeconfig: string;
    const ns = `team-${version}`;
    const release = `mcp-${version}`;
    const selector = encodeURIComponent(
      `app.kubernetes.io/instance=${release}`,
    );

    beforeAll(async () => {
      fake = await startFakeKubeApiServer({
        tls: true,
        controllers: { readyAfterMs: 300 },
      });
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpk-helm-fake-'));
      kubeconfig = path.join(dir, 'kubeconfig.yaml');
      fs.writeFileSync(kubeconfig, fake.kubeconfigYaml('fake'), {
        mode: 0o600,
      });
    });
    afterAll(async () => {
      await fake.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const readyPods = async () => {
      const pods = await kubeRequest(
        kubeconfig,
        `/api/v1/namespaces/${ns}/pods?labelSelector=${selector}`,
      );
      return (pods.body.items as any[]).filter(
        p =>
          p.status?.phase === 'Running' &&
          p.status.podIP &&
          p.status.conditions?.some(
            (c: any) => c.type === 'Ready' && c.status === 'True',
          ),
      );
    };
    const releaseSecrets = async () =>
      (
        await kubeRequest(
          kubeconfig,
          `/api/v1/namespaces/${ns}/secrets?labelSelector=${encodeURIComponent(
            `owner=helm,name=${release}`,
          )}`,
        )
      ).body.items as any[];

    it('serves https with the CA in the kubeconfig, refuses a wrong token and anonymous reads', async () => {
      expect(fake.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(fake.kubeconfigYaml()).toContain('certificate-authority-data: ');
      expect(fake.kubeconfigYaml()).not.toContain('insecure-skip-tls-verify');
      const ok = await kubeRequest(kubeconfig, '/api/v1/namespaces');
      expect(ok.status).toBe(200);
      // Without the CA, TLS verification fails: the certificate is the fake's own.
      await expect(
        kubeRequestWithToken(fake, '/api/v1/namespaces', fake.token, false),
      ).rejects.toMatchObject({
        code: expect.stringMatching(
          /^UNABLE_TO_(VERIFY_LEAF_SIGNATURE|GET_ISSUER_CERT)/,
        ),
      });
      const wrong = await kubeRequestWithToken(
        fake,
        '/api/v1/namespaces',
        'not-the-token',
      );
      expect(wrong.status).toBe(401);
      const none = await kubeRequestWithToken(fake, '/api/v1/namespaces');
      expect(none.status).toBe(403);
    });

    it('installs with --wait: release Secret deployed, pods Ready with a podIP, /health answers', async () => {
      const run = await helmUpgradeInstall({
        version,
        kubeconfigPath: kubeconfig,
        release,
        namespace: ns,
        timeoutSeconds: 60,
      });
      expect(run.stderr).not.toMatch(/Error/);
      expect(run.code).toBe(0);

      const manifest = await releaseManifest(version, kubeconfig, release, ns);
      expect(manifest.map(o => o.kind).sort()).toEqual([
        'CiliumNetworkPolicy',
        'ClusterRole',
        'ClusterRoleBinding',
        'Deployment',
        'Service',
        'ServiceAccount',
      ]);
      const secrets = await releaseSecrets();
      expect(
        secrets.map(s => [s.metadata.name, s.metadata.labels.status]),
      ).toEqual([[`sh.helm.release.v1.${release}.v1`, 'deployed']]);
      expect(secrets[0].type).toBe('helm.sh/release.v1');

      const deployment = await kubeRequest(
        kubeconfig,
        `/apis/apps/v1/namespaces/${ns}/deployments/${release}-mcp-kubernetes`,
      );
      expect(deployment.body.status).toMatchObject({
        observedGeneration: deployment.body.metadata.generation,
        readyReplicas: 1,
        availableReplicas: 1,
      });
      const pods = await readyPods();
      expect(pods).toHaveLength(1);
      expect(pods[0].metadata.labels).toMatchObject({
        'app.kubernetes.io/name': 'mcp-kubernetes',
        'app.kubernetes.io/instance': release,
      });
      expect(pods[0].spec.containers[0].readinessProbe.httpGet).toEqual({
        path: '/health',
        port: 'http',
      });
      const health = await kubeRequest(
        kubeconfig,
        `/api/v1/namespaces/${ns}/pods/${pods[0].metadata.name}:8080/proxy/health`,
      );
      expect(health.status).toBe(200);
      expect(health.body).toEqual({ status: 'ok' });
      const elsewhere = await kubeRequest(
        kubeconfig,
        `/api/v1/namespaces/${ns}/pods/${pods[0].metadata.name}:8080/proxy/admin`,
      );
      expect(elsewhere.status).toBe(404);
    });

    it('upgrades: new replica count and image roll out, revision 2 deployed, old pods gone', async () => {
      const before = (await readyPods()).map(p => p.metadata.name);
      const run = await helmUpgradeInstall({
        version,
        kubeconfigPath: kubeconfig,
        release,
        namespace: ns,
        set: ['replicaCount=2', 'image.tag=9.9.9', 'podLabels.tier=demo'],
      });
      expect(run.stderr).not.toMatch(/Error/);
      expect(run.code).toBe(0);
      const pods = await readyPods();
      expect(pods).toHaveLength(2);
      for (const p of pods) {
        expect(before).not.toContain(p.metadata.name);
        expect(p.spec.containers[0].image).toMatch(/:9\.9\.9$/);
        expect(p.metadata.labels.tier).toBe('demo');
        // Strategic merge (helm 3) and apply (helm 4) keep the container's other fields.
        expect(p.spec.containers[0].readinessProbe.httpGet.path).toBe(
          '/health',
        );
      }
      const secrets = await releaseSecrets();
      expect(
        secrets
          .map(s => [s.metadata.labels.version, s.metadata.labels.status])
          .sort(),
      ).toEqual([
        ['1', 'superseded'],
        ['2', 'deployed'],
      ]);
    });

    it('uninstalls: the chart objects, pods and release Secrets are gone', async () => {
      const manifest = await releaseManifest(version, kubeconfig, release, ns);
      const run = await runHelm(version, [
        'uninstall',
        release,
        '--namespace',
        ns,
        '--kubeconfig',
        kubeconfig,
        '--wait',
        '--timeout',
        '60s',
      ]);
      expect(run.stderr).not.toMatch(/Error/);
      expect(run.code).toBe(0);
      expect(await releaseSecrets()).toEqual([]);
      for (const o of manifest) {
        const apiPath = o.apiVersion.includes('/')
          ? `/apis/${o.apiVersion}`
          : `/api/${o.apiVersion}`;
        expect(
          fake.get(
            o.apiVersion,
            o.kind,
            o.metadata.namespace,
            o.metadata.name!,
          ),
        ).toBeUndefined();
        expect(apiPath).toBeTruthy();
      }
      // The garbage collector took the pods with the Deployment.
      await waitFor(async () => (await readyPods()).length === 0);
    });
  },
);

async function waitFor(check: () => Promise<boolean>, ms = 5000) {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise(r => setTimeout(r, 100));
  }
}

/** A request trusting the fake's CA, with the given bearer token or none. */
async function kubeRequestWithToken(
  fake: FakeKubeApiServer,
  apiPath: string,
  token?: string,
  trustCa = true,
): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${fake.url}${apiPath}`,
      {
        ca: trustCa ? fake.caPem : undefined,
        headers: token ? { Authorization: `Bearer ${token}` } : {},
      },
      res => {
        res.resume();
        resolve({ status: res.statusCode ?? 0 });
      },
    );
    req.on('error', reject);
    req.end();
  });
}
