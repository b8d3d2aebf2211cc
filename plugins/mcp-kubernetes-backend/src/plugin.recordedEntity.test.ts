import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  MCP_KUBERNETES_ERROR_CODES,
  mcpKubernetesClustersReadPermission,
  mcpKubernetesFleetReadPermission,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-common';
import {
  buildMcpInstall,
  FakeKubeApiServer,
  startFakeKubeApiServer,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import { eventually, startPluginBackend } from './__testUtils__/e2eHarness';
import { ownershipPermissions } from './__testUtils__/permissions';

// Security finding "decoy entity (IDOR)": status, force-sync and the MCP status action must be
// authorized against the entity recorded on the install's Deployment, never against an entity
// that merely names the install in its own annotations. The whole plugin, real watch cache.

jest.setTimeout(60_000);

function component(
  name: string,
  owner: string,
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner, lifecycle: 'production' },
  };
}
const pointsAt = (namespace: string, release: string, environment: string) => ({
  'mcp-kubernetes.io/cluster': 'alpha',
  'mcp-kubernetes.io/namespace': namespace,
  'mcp-kubernetes.io/release': release,
  'mcp-kubernetes.io/environment': environment,
});

// The decoy comes first: "the first visible entity naming the install" is the decoy.
const entities = [
  component('decoy', 'team-a', pointsAt('ns-b', 'team-b-mcp', 'development')),
  component(
    'team-b-mcp',
    'team-b',
    pointsAt('ns-b', 'team-b-mcp', 'production'),
  ),
  component(
    'legacy-claim',
    'team-a',
    pointsAt('ns-legacy', 'legacy', 'development'),
  ),
];
const TEAM_A = {
  owns: ['component:default/decoy', 'component:default/legacy-claim'],
};
const TEAM_B = { owns: ['component:default/team-b-mcp'] };
const FLEET_READER = {
  owns: [],
  holds: [
    mcpKubernetesFleetReadPermission.name,
    mcpKubernetesClustersReadPermission.name,
  ],
};

describe('authorization against the recorded entity', () => {
  let server: FakeKubeApiServer;
  let harness: Awaited<ReturnType<typeof startPluginBackend>>;
  const permissions = ownershipPermissions(TEAM_A);
  const patches = () => server.requests.filter(r => r.method === 'PATCH');
  const statusAction = (release: string, namespace: string) =>
    harness.actions.invoke({
      id: 'test:get-mcp-kubernetes-install-status',
      input: { cluster: 'alpha', namespace, release },
      credentials: mockCredentials.user('user:default/someone'),
    });

  beforeAll(async () => {
    server = await startFakeKubeApiServer();
    buildMcpInstall({
      namespace: 'ns-b',
      release: 'team-b-mcp',
      replicas: 1,
      owner: 'group:default/team-b',
    }).all.forEach(o => server.upsert(o));
    // Installed outside the portal: no recorded entity on its Deployment.
    buildMcpInstall({
      namespace: 'ns-legacy',
      release: 'legacy',
      replicas: 1,
      entityRef: null,
    }).all.forEach(o => server.upsert(o));
    server.setPodProxyHandler(() => ({ status: 200, body: 'ok' }));
    harness = await startPluginBackend({
      servers: { alpha: server },
      entities,
      permissions,
    });
    permissions.set(FLEET_READER);
    await eventually(
      () => harness.get('/fleet'),
      r => r.status === 200 && r.body.items.length === 2,
    );
  });

  afterAll(async () => {
    await harness?.backend.stop();
    await server?.close();
  });

  beforeEach(() => permissions.set(TEAM_A));

  it('gives a decoy entity no status of the install it names, and does not say whose it is', async () => {
    const res = await harness.get('/status/by-entity/default/component/decoy');
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      name: 'NotAllowedError',
      code: MCP_KUBERNETES_ERROR_CODES.entityNotRecorded,
    });
    expect(res.text).not.toContain('component:default/team-b-mcp');
    expect(res.text).not.toContain('group:default/team-b');
    expect(res.text).not.toContain('6c9f7d8b4f'); // pod names
  });

  it('refuses the decoy owner by install too: the decision is made on the recorded entity', async () => {
    const res = await harness.get('/status/alpha/ns-b/team-b-mcp');
    expect(res.status).toBe(403);
    expect(res.text).not.toContain('component:default/team-b-mcp');
    expect(permissions.calls).toContainEqual({
      name: 'mcp-kubernetes.status.read',
      resourceRef: 'component:default/team-b-mcp',
    });
  });

  it('refuses a force-sync through a decoy and patches nothing', async () => {
    const res = await harness.post(
      '/installs/alpha/ns-b/team-b-mcp/external-secret/force-sync',
    );
    expect(res.status).toBe(403);
    expect(patches()).toEqual([]);
  });

  it('refuses the MCP status action through a decoy', async () => {
    await expect(statusAction('team-b-mcp', 'ns-b')).rejects.toThrow(
      /not allowed/,
    );
  });

  it('shows an install with no recorded entity to fleet readers only, with an error saying how to adopt it', async () => {
    const res = await harness.get(
      '/status/by-entity/default/component/legacy-claim',
    );
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe(
      MCP_KUBERNETES_ERROR_CODES.installNotRecorded,
    );
    expect(res.body.error.message).toContain(
      'mcp-kubernetes.io/entity-ref=component:default/legacy-claim',
    );
    expect(res.body.error.message).toContain('mcp-kubernetes.fleet.read');
    await expect(statusAction('legacy', 'ns-legacy')).rejects.toThrow(
      /records no catalog entity/,
    );

    permissions.set(FLEET_READER);
    const seen = await harness.get('/status/alpha/ns-legacy/legacy');
    expect(seen.status).toBe(200);
    expect(seen.body.recorded).toBeUndefined();
    expect(seen.body.entityRef).toBeUndefined();
    expect(seen.body.pods).toHaveLength(1);
  });

  it('needs mcp-kubernetes.clusters.read to list clusters, also in an unknown-cluster error', async () => {
    expect((await harness.get('/clusters')).status).toBe(403);
    const unknown = await harness.get('/status/nowhere/ns-b/team-b-mcp');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('Unknown cluster "nowhere"');
    expect(unknown.body.error.message).not.toContain('alpha');

    permissions.set(FLEET_READER);
    expect((await harness.get('/clusters')).body.items).toEqual([
      expect.objectContaining({ name: 'alpha' }),
    ]);
    const listed = await harness.get('/status/nowhere/ns-b/team-b-mcp');
    expect(listed.body.error.message).toContain('Known clusters: alpha');
  });

  it('lets the recorded entity owner read and force-sync, with the environment of the recorded entity', async () => {
    permissions.set(TEAM_B);
    const res = await harness.get(
      '/status/by-entity/default/component/team-b-mcp',
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      entityRef: 'component:default/team-b-mcp',
      recorded: {
        entityRef: 'component:default/team-b-mcp',
        owner: 'group:default/team-b',
      },
      environment: 'production',
      state: 'ok',
    });
    const byInstall = await harness.get('/status/alpha/ns-b/team-b-mcp');
    expect(byInstall.body.environment).toBe('production');
    await expect(statusAction('team-b-mcp', 'ns-b')).resolves.toMatchObject({
      output: { state: 'ok' },
    });
    const sync = await harness.post(
      '/installs/alpha/ns-b/team-b-mcp/external-secret/force-sync',
    );
    expect(sync.status).toBe(202);
    expect(patches()).toHaveLength(1);
  });

  it('attributes fleet rows to the recorded entity, never to a decoy', async () => {
    permissions.set(FLEET_READER);
    const fleet = await harness.get('/fleet');
    expect(fleet.status).toBe(200);
    const row = (release: string) =>
      fleet.body.items.find((i: any) => i.install.release === release);
    expect(row('team-b-mcp')).toMatchObject({
      entityRef: 'component:default/team-b-mcp',
      owner: 'group:default/team-b',
      environment: 'production',
    });
    expect(row('legacy').entityRef).toBeUndefined();
    expect(row('legacy').environment).toBeUndefined();
  });
});
