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
import { createRouter } from './router';
import { StatusService } from './StatusService';

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

function auditorMock() {
  const events: Array<{
    eventId: string;
    severityLevel?: string;
    outcome?: string;
    meta?: unknown;
  }> = [];
  return {
    events,
    createEvent: jest.fn(
      async (opts: {
        eventId: string;
        severityLevel?: string;
        meta?: unknown;
      }) => {
        const entry: (typeof events)[number] = {
          eventId: opts.eventId,
          severityLevel: opts.severityLevel,
          meta: opts.meta,
        };
        events.push(entry);
        return {
          success: async () => {
            entry.outcome = 'success';
          },
          fail: async () => {
            entry.outcome = 'fail';
          },
        };
      },
    ),
  };
}

async function setup(
  options: { permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY } = {},
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
  const status = StatusService.create({
    source,
    health: { get: () => undefined },
    history: { history: () => [] },
    limits: { warnAfterDays: 75, maxAgeDays: 90 },
    environmentsOfCluster: c =>
      c.startsWith('prod') ? ['production'] : ['dev'],
  });
  const forceSync = jest.fn(async () => ({
    requestedAt: '2026-11-25T12:00:00.000Z',
    name: 'mcp-a-oauth-credentials',
  }));
  const auditor = auditorMock();
  const router = await createRouter({
    logger: mockServices.logger.mock(),
    httpAuth: mockServices.httpAuth(),
    permissions: mockServices.permissions({
      result: options.permission ?? AuthorizeResult.ALLOW,
    }),
    auditor: auditor as any,
    catalog: catalogServiceMock({ entities: [annotated, entity('plain', {})] }),
    status,
    forceSync,
  });
  const app = express().use(router).use(mockErrorHandler());
  return { app, forceSync, auditor, source };
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
        state: 'error',
        externalSecretState: 'failing',
      }),
    ]);
    expect(res.body.items[1].entityRef).toBeUndefined();
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

  describe('when permission is denied', () => {
    it.each([
      ['get', '/status/by-entity/default/component/mcp-a'],
      ['get', '/status/dev-eu/mcp-team-a/mcp-a'],
      ['get', '/status/prod-us/mcp-team-b/mcp-b'],
      ['get', '/fleet'],
      ['post', '/installs/dev-eu/mcp-team-a/mcp-a/external-secret/force-sync'],
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
