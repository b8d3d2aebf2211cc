import { PermissionsService } from '@backstage/backend-plugin-api';
import { mockErrorHandler, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  buildMcpInstall,
  failingExternalSecret,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import express from 'express';
import request from 'supertest';
import { MemorySnapshotSource } from '../__testUtils__/memorySource';
import { ownershipPermissions } from '../__testUtils__/permissions';
import { recordingAuditor, statusStack } from '../__testUtils__/statusStack';
import { createRouter } from './router';

function entity(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

const annotated = entity('mcp-a', {
  'mcp-kubernetes.io/cluster': 'dev-eu',
  'mcp-kubernetes.io/namespace': 'mcp-team-a',
  'mcp-kubernetes.io/release': 'mcp-a',
  'mcp-kubernetes.io/environment': 'dev',
});

async function setup(
  options: {
    permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    permissions?: PermissionsService;
    entities?: Entity[];
  } = {},
) {
  const a = buildMcpInstall({ namespace: 'mcp-team-a', release: 'mcp-a' });
  const b = buildMcpInstall({
    namespace: 'mcp-team-b',
    release: 'mcp-b',
    replicas: 1,
  });
  b.externalSecret = failingExternalSecret(
    b.externalSecret,
    'could not get secret data from provider',
    new Date(Date.now() - 3 * 3600_000),
  );
  b.all = [b.deployment, ...b.pods, b.externalSecret, b.secret];
  const source = MemorySnapshotSource.withInstalls({
    'dev-eu': [a],
    'prod-us': [b],
  });
  const { auditor, events } = recordingAuditor();
  const { reads, access } = statusStack({
    source,
    permissions:
      options.permissions ??
      mockServices.permissions({
        result: options.permission ?? AuthorizeResult.ALLOW,
      }),
    catalog: catalogServiceMock({
      entities: options.entities ?? [annotated, entity('plain', {})],
    }),
    auditor,
    environmentsOfCluster: c =>
      c.startsWith('prod') ? ['production'] : ['dev'],
  });
  const forceSync = jest.fn(async () => ({
    requestedAt: '2026-11-25T12:00:00.000Z',
    name: 'mcp-a-oauth-credentials',
  }));
  const router = await createRouter({
    logger: mockServices.logger.mock(),
    httpAuth: mockServices.httpAuth(),
    auditor,
    reads,
    access,
    forceSync,
  });
  const app = express().use(router).use(mockErrorHandler());
  return { app, forceSync, auditor: { events }, source };
}

describe('router', () => {
  it('GET /clusters lists names only, filtered by environment', async () => {
    const { app } = await setup();
    const all = await request(app).get('/clusters');
    expect(all.status).toBe(200);
    expect(all.body.items.map((c: { name: string }) => c.name)).toEqual([
      'dev-eu',
      'prod-us',
    ]);
    expect(Object.keys(all.body.items[0]).sort()).toEqual([
      'environments',
      'lastSyncAt',
      'name',
      'reachable',
    ]);
    const prod = await request(app).get('/clusters?environment=production');
    expect(prod.body.items).toEqual([
      expect.objectContaining({
        name: 'prod-us',
        environments: ['production'],
      }),
    ]);
    const bad = await request(app).get('/clusters?env=x');
    expect(bad.status).toBe(400);
  });

  it('GET /status/by-entity returns the status of the annotated install, with entity and environment', async () => {
    const { app, auditor } = await setup();
    const res = await request(app).get(
      '/status/by-entity/default/component/mcp-a',
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      install: { cluster: 'dev-eu', namespace: 'mcp-team-a', release: 'mcp-a' },
      entityRef: 'component:default/mcp-a',
      environment: 'dev',
      state: 'ok',
      stale: false,
      externalSecret: { state: 'synced' },
      keyRotation: { state: 'ok' },
    });
    expect(res.body.pods).toHaveLength(2);
    expect(auditor.events).toEqual([
      expect.objectContaining({
        eventId: 'install-status-read',
        severityLevel: 'low',
        outcome: 'success',
      }),
    ]);
  });

  it('404s an entity without annotations, naming the keys', async () => {
    const { app } = await setup();
    const res = await request(app).get(
      '/status/by-entity/default/component/plain',
    );
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain(
      'mcp-kubernetes.io/cluster, mcp-kubernetes.io/namespace, mcp-kubernetes.io/release',
    );
    const missing = await request(app).get(
      '/status/by-entity/default/component/nope',
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('component:default/nope');
  });

  it('GET /status/:cluster/:namespace/:release answers, 404s an unknown cluster by name, 400s bad names', async () => {
    const { app } = await setup();
    const ok = await request(app).get('/status/prod-us/mcp-team-b/mcp-b');
    expect(ok.status).toBe(200);
    expect(ok.body.state).toBe('error');
    expect(ok.body.reasons[0].message).toBe(
      'ExternalSecret failing for 3 h: SecretSyncedError: could not get secret data from provider',
    );

    const unknown = await request(app).get('/status/mars/mcp-team-a/mcp-a');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('Unknown cluster "mars"');

    const bad = await request(app).get('/status/dev-eu/Bad_NS/mcp-a');
    expect(bad.status).toBe(400);
    expect(bad.body.error.name).toBe('InputError');
  });

  it('GET /fleet summarises every install with counts and entity refs', async () => {
    const { app } = await setup();
    const res = await request(app).get('/fleet');
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual({
      total: 2,
      healthy: 1,
      degraded: 0,
      failing: 1,
      unknown: 0,
      secretsOutOfSync: 1,
      keysOverdue: 0,
      policyBreaking: 0,
    });
    expect(res.body.items).toEqual([
      expect.objectContaining({
        install: {
          cluster: 'dev-eu',
          namespace: 'mcp-team-a',
          release: 'mcp-a',
        },
        entityRef: 'component:default/mcp-a',
        environment: 'dev',
        state: 'ok',
        podsReady: 2,
        podsTotal: 2,
      }),
      expect.objectContaining({
        install: {
          cluster: 'prod-us',
          namespace: 'mcp-team-b',
          release: 'mcp-b',
        },
        // The entity recorded on the Deployment, though the catalog has no entity for it.
        entityRef: 'component:default/mcp-b',
        owner: 'group:default/platform-team',
        state: 'error',
        externalSecretState: 'failing',
      }),
    ]);
    expect(res.body.items[1].environment).toBeUndefined();
  });

  it('POST force-sync answers 202 and audits the write at medium severity', async () => {
    const { app, forceSync, auditor } = await setup();
    const res = await request(app).post(
      '/installs/dev-eu/mcp-team-a/mcp-a/external-secret/force-sync',
    );
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ requestedAt: '2026-11-25T12:00:00.000Z' });
    expect(forceSync).toHaveBeenCalledWith({
      cluster: 'dev-eu',
      namespace: 'mcp-team-a',
      release: 'mcp-a',
    });
    expect(auditor.events).toEqual([
      expect.objectContaining({
        eventId: 'external-secret-force-sync',
        severityLevel: 'medium',
        outcome: 'success',
      }),
    ]);
  });

  it('answers for an entity whose install is not deployed yet, authorized on that entity', async () => {
    const planned = entity('planned', {
      'mcp-kubernetes.io/cluster': 'dev-eu',
      'mcp-kubernetes.io/namespace': 'mcp-team-c',
      'mcp-kubernetes.io/release': 'planned',
    });
    const permissions = ownershipPermissions({
      owns: ['component:default/planned'],
    });
    const { app } = await setup({ permissions, entities: [planned] });
    const res = await request(app).get(
      '/status/by-entity/default/component/planned',
    );
    expect(res.status).toBe(200);
    expect(res.body.reasons[0].message).toBe(
      'No Deployment or pods found for this release',
    );
    expect(permissions.calls).toContainEqual({
      name: 'mcp-kubernetes.status.read',
      resourceRef: 'component:default/planned',
    });
    // By install, nothing there and no fleet read: a 404 that says nothing more.
    const byInstall = await request(app).get(
      '/status/dev-eu/mcp-team-c/planned',
    );
    expect(byInstall.status).toBe(404);
  });

  it('refuses an entity whose annotations hold hostile install names, without echoing them', async () => {
    const hostile = entity('hostile', {
      'mcp-kubernetes.io/cluster': 'dev-eu',
      'mcp-kubernetes.io/namespace': 'ns\n---\nkind: ClusterRoleBinding',
      'mcp-kubernetes.io/release': '%2e%2e',
    });
    const { app } = await setup({ entities: [hostile] });
    const res = await request(app).get(
      '/status/by-entity/default/component/hostile',
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(
      'Invalid mcp-kubernetes.io annotations of component:default/hostile: namespace: must be a DNS-1123 label',
    );
    expect(res.text).not.toContain('ClusterRoleBinding');
    expect(res.text).not.toContain('%2e%2e');
  });

  it('audits status reads, with the request, once each', async () => {
    const { app, auditor } = await setup();
    await request(app).get('/status/dev-eu/mcp-team-a/mcp-a');
    await request(app).get('/fleet');
    await request(app).get('/clusters');
    expect(auditor.events).toEqual([
      expect.objectContaining({
        eventId: 'install-status-read',
        outcome: 'success',
        hasRequest: true,
        meta: {
          queryType: 'by-install',
          cluster: 'dev-eu',
          namespace: 'mcp-team-a',
          release: 'mcp-a',
        },
      }),
      expect.objectContaining({ eventId: 'fleet-read', outcome: 'success' }),
      expect.objectContaining({
        eventId: 'cluster-list-read',
        outcome: 'success',
      }),
    ]);
  });

  describe('when permission is denied', () => {
    it.each([
      ['get', '/status/by-entity/default/component/mcp-a'],
      ['get', '/status/dev-eu/mcp-team-a/mcp-a'],
      ['get', '/status/prod-us/mcp-team-b/mcp-b'],
      ['get', '/fleet'],
      ['post', '/installs/dev-eu/mcp-team-a/mcp-a/external-secret/force-sync'],
      ['get', '/clusters'],
    ] as const)(
      '%s %s answers 403 and audits the failure',
      async (method, path) => {
        const { app, forceSync, auditor } = await setup({
          permission: AuthorizeResult.DENY,
        });
        const res = await request(app)[method](path);
        expect(res.status).toBe(403);
        expect(res.body.error.name).toBe('NotAllowedError');
        expect(forceSync).not.toHaveBeenCalled();
        expect(auditor.events[0].outcome).toBe('fail');
      },
    );
  });
});
