/*
 * The demo cluster: the test suite's fake kube-apiserver, seeded with four
 * mcp-kubernetes installs that show the states a newcomer should see. This is
 * DEMO DATA: nothing here talks to a real cluster.
 *
 *   team-a/mcp-healthy      healthy: pods Ready, ExternalSecret synced, key 12 days old
 *   team-b/mcp-eso-failing  the ExternalSecret cannot read its store (SecretSyncedError)
 *   team-c/mcp-key-overdue  the OAuth encryption key last changed 120 days ago
 *   team-d/mcp-key-rotated  a real helm release (installed at start with the pinned
 *                           helm, owned by platform-team) whose key was rotated after
 *                           its pods started: the card asks for a restart, and the
 *                           day-2 "Restart" clears that warning
 *
 * The first three are seeded objects (no helm release); the fourth is what a
 * deploy from the portal leaves, so day-2 actions accept it.
 */
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const https = require('node:https');
const path = require('node:path');

// The fake API server is TypeScript source in the -node package's testUtils.
require('@backstage/cli/config/nodeTransform.cjs');
const {
  startFakeKubeApiServer,
  buildMcpInstall,
  failingExternalSecret,
  secretChangedDaysAgo,
} = require('@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils');
const {
  defaultChartPath,
  pinnedHelmEnv,
  pinnedHelmPath,
} = require('@mcp-kubernetes/plugin-mcp-kubernetes-node');

const DEMO_CONTEXT = 'demo';

/** The demo installs; catalog/demo-entities.yaml points at exactly these. */
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
  {
    namespace: 'team-d',
    release: 'mcp-key-rotated',
    state: 'OAuth key rotated after the pods started (restart pending)',
  },
];

/** The helm-installed demo release whose key is rotated after its pods start. */
const ROTATED = DEMO_INSTALLS[3];
const ROTATED_SECRET = `${ROTATED.release}-oauth-credentials`;
/** What the deploy action records for an install (catalog.entityRef, catalog.owner). */
const ROTATED_VALUES = {
  catalog: {
    entityRef: `component:default/${ROTATED.release}`,
    owner: 'group:default/platform-team',
  },
  mcpKubernetes: {
    oauth: {
      enabled: true,
      baseURL: `https://${ROTATED.release}.demo.example.com`,
      existingSecret: ROTATED_SECRET,
      externalSecret: {
        enabled: true,
        secretStoreRef: { name: 'gcp-secret-manager', kind: 'SecretStore' },
      },
    },
  },
};

const sleep = ms => new Promise(r => setTimeout(r, ms));
const iso = d => d.toISOString().replace(/\.\d+Z$/, 'Z');

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

function runPinnedHelm(args) {
  return new Promise((resolve, reject) => {
    execFile(
      pinnedHelmPath('v4'),
      args,
      {
        env: { PATH: process.env.PATH ?? '', ...pinnedHelmEnv() },
        timeout: 120_000,
      },
      (error, stdout, stderr) =>
        error
          ? reject(
              new Error(
                `helm ${args[0]} of the demo release ${ROTATED.namespace}/${
                  ROTATED.release
                } failed: ${stderr || error.message}`,
              ),
            )
          : resolve(stdout),
    );
  });
}

/** GET on the fake API server as a client does (its CA, its bearer token). */
function apiGet(server, apiPath) {
  return new Promise((resolve, reject) => {
    const req = https.get(
      new URL(apiPath, server.url),
      {
        ca: server.caPem,
        headers: { Authorization: `Bearer ${server.token}` },
      },
      res => {
        const chunks = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) {
            reject(new Error(`GET ${apiPath}: ${res.statusCode} ${text}`));
          } else {
            resolve(JSON.parse(text));
          }
        });
      },
    );
    req.on('error', reject);
  });
}

/** The release's pods once every one of them runs Ready (as many as its Deployment wants). */
async function readyPodsOf(server, { namespace, release }, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  const selector = encodeURIComponent(`app.kubernetes.io/instance=${release}`);
  for (;;) {
    const deployments = await apiGet(
      server,
      `/apis/apps/v1/namespaces/${namespace}/deployments?labelSelector=${selector}`,
    );
    const want = deployments.items[0]?.spec?.replicas ?? 1;
    const { items } = await apiGet(
      server,
      `/api/v1/namespaces/${namespace}/pods?labelSelector=${selector}`,
    );
    const ready = items.filter(
      p =>
        p.status?.startTime &&
        p.status?.conditions?.some(
          c => c.type === 'Ready' && c.status === 'True',
        ),
    );
    if (items.length === want && ready.length === want) {
      return ready;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `the demo release ${namespace}/${release} has no ${want} Ready pods after ${
          timeoutMs / 1000
        } s`,
      );
    }
    await sleep(100);
  }
}

/**
 * Installs the chart as the fourth demo install (a real helm release, like a
 * deploy from the portal), then plays External Secrets Operator: marks the
 * ExternalSecret synced and writes its target Secret with a data-hash and a
 * managedFields time one second after the newest pod started. The backend
 * has not seen any earlier hash (it starts after this), so it dates the key
 * from managedFields and reports that the pods have not restarted since.
 */
async function installRotatedKeyRelease(server, { dir, kubeconfigPath }) {
  const valuesPath = path.join(dir, `${ROTATED.release}-values.json`);
  fs.writeFileSync(valuesPath, JSON.stringify(ROTATED_VALUES), {
    mode: 0o600,
  });
  await runPinnedHelm([
    'upgrade',
    '--install',
    ROTATED.release,
    defaultChartPath(),
    '--namespace',
    ROTATED.namespace,
    '--create-namespace',
    '--kubeconfig',
    kubeconfigPath,
    '--values',
    valuesPath,
    // Waiting here (not with helm's watcher) is quicker: the pods are all
    // this needs, and the fake makes them Ready after `readyAfterMs`.
    '--wait=hookOnly',
    '--timeout',
    '60s',
  ]);
  const pods = await readyPodsOf(server, ROTATED);
  const lastStart = Math.max(...pods.map(p => Date.parse(p.status.startTime)));
  // Strictly later than every pod's start (times have whole seconds).
  const rotatedAt = new Date(lastStart + 1000);
  await sleep(Math.max(0, rotatedAt.getTime() - Date.now()));
  server.patchStatus(
    'external-secrets.io/v1',
    'ExternalSecret',
    ROTATED.namespace,
    ROTATED_SECRET,
    {
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'SecretSynced',
          message: 'secret synced',
          lastTransitionTime: iso(rotatedAt),
        },
      ],
      refreshTime: iso(rotatedAt),
      syncedResourceVersion: '1-demo',
      binding: { name: ROTATED_SECRET },
    },
  );
  const es = server.get(
    'external-secrets.io/v1',
    'ExternalSecret',
    ROTATED.namespace,
    ROTATED_SECRET,
  );
  const secret = secretChangedDaysAgo(
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: ROTATED_SECRET,
        namespace: ROTATED.namespace,
        labels: {
          'reconcile.external-secrets.io/managed': 'true',
          'reconcile.external-secrets.io/created-by': 'demo',
        },
        ownerReferences: [
          {
            apiVersion: 'external-secrets.io/v1',
            kind: 'ExternalSecret',
            name: ROTATED_SECRET,
            uid: es.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      type: 'Opaque',
      data: Object.fromEntries(
        [
          'google-client-id',
          'google-client-secret',
          'registration-token',
          'oauth-encryption-key',
        ].map(k => [
          k,
          Buffer.from(`FAKE-${ROTATED.release}-${k}`).toString('base64'),
        ]),
      ),
    },
    0,
    rotatedAt,
  );
  server.upsert(secret);
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
  for (const install of DEMO_INSTALLS.filter(i => i !== ROTATED)) {
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
  await installRotatedKeyRelease(server, { dir, kubeconfigPath });
  return {
    server,
    kubeconfigPath,
    context: DEMO_CONTEXT,
    installs: DEMO_INSTALLS,
  };
}

module.exports = { startDemoCluster, DEMO_INSTALLS, DEMO_CONTEXT };
