/*
 * The demo cluster: the test suite's fake kube-apiserver, seeded with three
 * mcp-kubernetes installs that show the states a newcomer should see. This is
 * DEMO DATA: nothing here talks to a real cluster.
 *
 *   team-a/mcp-healthy      healthy: pods Ready, ExternalSecret synced, key 12 days old
 *   team-b/mcp-eso-failing  the ExternalSecret cannot read its store (SecretSyncedError)
 *   team-c/mcp-key-overdue  the OAuth encryption key last changed 120 days ago
 */
const fs = require('node:fs');
const path = require('node:path');

// The fake API server is TypeScript source in the -node package's testUtils.
require('@backstage/cli/config/nodeTransform.cjs');
const {
  startFakeKubeApiServer,
  buildMcpInstall,
  failingExternalSecret,
  secretChangedDaysAgo,
} = require('@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils');

const DEMO_CONTEXT = 'demo';

/** The seeded installs; catalog/demo-entities.yaml points at exactly these. */
const DEMO_INSTALLS = [
  { namespace: 'team-a', release: 'mcp-healthy', state: 'healthy' },
  {
    namespace: 'team-b',
    release: 'mcp-eso-failing',
    state: 'failing ExternalSecret',
  },
  {
    namespace: 'team-c',
    release: 'mcp-key-overdue',
    state: 'overdue OAuth key',
  },
];

function seedInstall(server, install, now) {
  const seed = buildMcpInstall({
    namespace: install.namespace,
    release: install.release,
    now,
  });
  let { externalSecret, secret } = seed;
  secret = secretChangedDaysAgo(secret, 12, now);
  if (install.release === 'mcp-eso-failing') {
    // Failing for 3 hours, last good sync 4 hours ago: stale against the 1h interval.
    externalSecret = failingExternalSecret(
      externalSecret,
      'could not get secret data from provider: secret "mcp-eso-failing-oauth-encryption-key" not found (demo data)',
      new Date(now.getTime() - 3 * 3600_000),
    );
    externalSecret.status.refreshTime = new Date(now.getTime() - 4 * 3600_000)
      .toISOString()
      .replace(/\.\d+Z$/, 'Z');
  }
  if (install.release === 'mcp-key-overdue') {
    secret = secretChangedDaysAgo(secret, 120, now);
  }
  server.upsert({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: install.namespace },
  });
  for (const obj of [seed.deployment, ...seed.pods, externalSecret, secret]) {
    server.upsert(obj);
  }
}

/**
 * Starts the fake API server, seeds it, and writes a kubeconfig for it to
 * `<dir>/kubeconfig.yaml` (mode 0600: it holds the fake server's token; the
 * CA made at start is in it as certificate-authority-data).
 */
async function startDemoCluster({ dir, port = 0 } = {}) {
  // TLS with a CA made at start and a bearer token, as a real API server: helm
  // sends its token only over TLS. The fake plays controller and kubelet, so an
  // install from the template gets Ready pods and `helm --wait` finishes.
  const server = await startFakeKubeApiServer({
    host: '127.0.0.1',
    port,
    tls: true,
    controllers: { readyAfterMs: 1500 },
  });
  const now = new Date();
  for (const install of DEMO_INSTALLS) {
    seedInstall(server, install, now);
  }
  // Every pod, seeded or installed later, answers its /health probe.
  server.setPodProxyHandler(req => ({
    status: 200,
    body: JSON.stringify({ status: 'ok', pod: req.pod, demo: true }),
    delayMs: 15,
  }));
  fs.mkdirSync(dir, { recursive: true });
  const kubeconfigPath = path.join(dir, 'kubeconfig.yaml');
  fs.writeFileSync(kubeconfigPath, server.kubeconfigYaml(DEMO_CONTEXT), {
    mode: 0o600,
  });
  return {
    server,
    kubeconfigPath,
    context: DEMO_CONTEXT,
    installs: DEMO_INSTALLS,
  };
}

module.exports = { startDemoCluster, DEMO_INSTALLS, DEMO_CONTEXT };
