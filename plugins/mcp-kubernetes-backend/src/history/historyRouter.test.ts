import { PermissionsService } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { KubeConfig } from '@kubernetes/client-node';
import {
  ClusterRegistry,
  defaultChartPath,
  DefaultHelmRunner,
  HelmExec,
} from '@mcp-kubernetes/plugin-mcp-kubernetes-node';
import { buildMcpInstall } from '@mcp-kubernetes/plugin-mcp-kubernetes-node/testUtils';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { MemorySnapshotSource } from '../__testUtils__/memorySource';
import { ownershipPermissions } from '../__testUtils__/permissions';
import { historyApp, scaffolderServiceAuth } from '../__testUtils__/historyApp';

jest.setTimeout(30_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const CLUSTER_TOKEN = 'cluster-token-history-7d2c';
const OAUTH_SECRET = 'GOCSPX-oauth-client-secret-9f8e7d';
const ENCRYPTION_KEY = 'ZW5jcnlwdGlvbi1rZXktdGhhdC1tdXN0LW5vdC1sZWFr';
const ENV_TOKEN = 'env-api-token-value-31337';
const RELEASE = 'mcp-a';
const NAMESPACE = 'mcp-team-a';
const OWNER_ENTITY = 'component:default/mcp-a';

/** What `helm history` / `helm get values` answer for mcp-team-a/mcp-a, per revision. */
const revisions = [
  {
    revision: 1,
    updated: '2026-11-30T10:00:00.123456789Z',
    status: 'superseded',
    chart: 'mcp-kubernetes-0.1.0',
    app_version: '0.1.0',
    description: 'Install complete',
    values: {
      replicaCount: 1,
      mcpKubernetes: {
        oauth: {
          enabled: true,
          googleClientSecret: OAUTH_SECRET,
          existingSecret: '',
        },
        env: [{ name: 'API_TOKEN', value: ENV_TOKEN }],
      },
      resources: { limits: { memory: '256Mi' } },
    },
  },
  {
    revision: 2,
    updated: '2026-11-30T11:00:00Z',
    status: 'superseded',
    chart: 'mcp-kubernetes-0.1.0',
    app_version: '0.1.0',
    description: 'Upgrade complete',
    values: {
      replicaCount: 3,
      mcpKubernetes: {
        oauth: {
          enabled: true,
          encryptionKey: ENCRYPTION_KEY,
          existingSecret: 'mcp-a-oauth',
        },
        env: [{ name: 'API_TOKEN', value: `${ENV_TOKEN}-2` }],
      },
      resources: { limits: { memory: '512Mi' } },
      image: { tag: 'v0.2.0' },
    },
  },
  {
    revision: 3,
    updated: '2026-11-30T12:00:00Z',
    status: 'deployed',
    chart: 'mcp-kubernetes-0.1.1',
    app_version: '0.1.1',
    // helm puts failure reasons here; cluster text is redacted before it leaves.
    description: `Upgrade complete (Authorization: Bearer ${CLUSTER_TOKEN})`,
    values: { replicaCount: 2 },
  },
];

/** helm as a process: the real runner parses these answers, as from the binary. */
const fakeHelm: HelmExec = async req => {
  const ok = (stdout: string) => ({
    code: 0,
    stdout,
    stderr: '',
    timedOut: false,
  });
  const notFound = {
    code: 1,
    stdout: '',
    stderr: 'Error: release: not found',
    timedOut: false,
  };
  const [cmd, sub] = req.args;
  if (cmd === 'version') return ok('v4.1.4');
  const release = cmd === 'history' ? sub : req.args[2];
  const ns = req.args[req.args.indexOf('--namespace') + 1];
  if (release !== RELEASE || ns !== NAMESPACE) return notFound;
  if (cmd === 'history') {
    return ok(JSON.stringify(revisions.map(({ values: _v, ...r }) => r)));
  }
  if (cmd === 'get' && sub === 'values') {
    const i = req.args.indexOf('--revision');
    const wanted = i >= 0 ? Number(req.args[i + 1]) : revisions.length;
    const found = revisions.find(r => r.revision === wanted);
    return found ? ok(JSON.stringify(found.values)) : notFound;
  }
  throw new Error(`unexpected helm call: ${req.args.join(' ')}`);
};

function clusterRegistry(): ClusterRegistry {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'c', server: 'https://127.0.0.1:1' }],
    users: [{ name: 'u', token: CLUSTER_TOKEN }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return {
    listClusters: () => [{ name: 'dev-eu' }] as any,
    getKubeConfig: () => kubeConfig,
    has: name => name === 'dev-eu',
  };
}

describe('history routes', () => {
  let tempDir: string;
  beforeEach(() => {
    tempDir = mkdtempSync(join(tmpdir(), 'mcpk-history-router-'));
  });
  afterEach(() => rmSync(tempDir, { recursive: true, force: true }));

  async function setup(options: { permissions?: PermissionsService } = {}) {
    const knex = await databases.init('SQLITE_3');
    const source = MemorySnapshotSource.withInstalls({
      'dev-eu': [buildMcpInstall({ namespace: NAMESPACE, release: RELEASE })],
    });
    const { app, journal, events } = await historyApp({
      knex,
      source,
      permissions:
        options.permissions ??
        mockServices.permissions({ result: AuthorizeResult.ALLOW }),
      clusters: clusterRegistry(),
      helm: DefaultHelmRunner.create({
        helmPath: 'helm',
        chartPath: defaultChartPath(),
        exec: fakeHelm,
        tempDir,
      }),
    });
    const record = (body: unknown, auth = scaffolderServiceAuth()) =>
      request(app)
        .post('/operations')
        .set('Authorization', auth)
        .set('Content-Type', 'application/json')
        .send(typeof body === 'string' ? body : JSON.stringify(body));
    return { app, journal, knex, events, record };
  }

  const operation = (extra: Record<string, unknown> = {}) => ({
    cluster: 'dev-eu',
    namespace: NAMESPACE,
    release: RELEASE,
    action: 'upgrade',
    actor: 'user:default/alice',
    revision: 2,
    taskId: 'a1b2c3d4-task',
    ...extra,
  });

  describe('POST /operations', () => {
    it('records an operation from a service principal, stamped and audited', async () => {
      const { record, journal, events } = await setup();
      const res = await record(operation());
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        action: 'upgrade',
        actor: 'user:default/alice',
        revision: 2,
        taskId: 'a1b2c3d4-task',
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      expect(
        await journal.list({
          cluster: 'dev-eu',
          namespace: NAMESPACE,
          release: RELEASE,
        }),
      ).toEqual([res.body]);
      expect(events).toEqual([
        expect.objectContaining({
          eventId: 'release-operation-record',
          outcome: 'success',
          hasRequest: true,
        }),
      ]);
    });

    it('refuses users with 403, with or without a token, and writes nothing', async () => {
      const { record, knex, app } = await setup();
      const asUser = await record(
        operation(),
        mockCredentials.user.header('user:default/mallory'),
      );
      expect(asUser.status).toBe(403);
      // No header: the mock's default caller is a user too.
      const anonymous = await request(app)
        .post('/operations')
        .send(operation());
      expect(anonymous.status).toBe(403);
      expect(await knex('mcpk_release_operations').count({ n: '*' })).toEqual([
        { n: 0 },
      ]);
    });

    it('refuses __proto__, unknown keys and malformed fields with 400, naming the field', async () => {
      const { record, knex } = await setup();
      const proto = await record(
        `{"cluster":"dev-eu","namespace":"${NAMESPACE}","release":"${RELEASE}","action":"restart","actor":"user:default/alice","__proto__":{"polluted":true}}`,
      );
      expect(proto.status).toBe(400);
      expect(proto.body.error.message).toContain('__proto__');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();

      const cases: Array<[Record<string, unknown>, string]> = [
        [operation({ values: { replicaCount: 9 } }), 'values'],
        [operation({ actor: 'alice; DROP TABLE x' }), 'actor'],
        [operation({ action: 'delete-everything' }), 'action'],
        [operation({ revision: 0 }), 'revision'],
        [operation({ revision: 1.5 }), 'revision'],
        [operation({ taskId: '../../etc' }), 'taskId'],
        [operation({ namespace: 'Not_A_Label' }), 'namespace'],
        [operation({ rolledBackTo: 1 }), 'rolledBackTo'],
        [operation({ action: 'restart' }), 'revision'],
        [operation({ at: '1999-01-01T00:00:00Z' }), 'at'],
        [operation({ cluster: 'nowhere' }), 'cluster'],
      ];
      for (const [body, field] of cases) {
        const res = await record(body);
        expect({ field, status: res.status }).toEqual({ field, status: 400 });
        expect(res.body.error.message).toContain(field);
      }
      const tooBig = await record(operation({ taskId: 'x'.repeat(10_000) }));
      expect(tooBig.status).toBe(413);
      expect(await knex('mcpk_release_operations').count({ n: '*' })).toEqual([
        { n: 0 },
      ]);
    });
  });

  describe('GET history', () => {
    it('lists helm revisions newest first, joined with who made them, and restarts on their own', async () => {
      const { app, record, events } = await setup();
      expect(
        (
          await record(
            operation({
              action: 'deploy',
              revision: 1,
              actor: 'user:default/bob',
            }),
          )
        ).status,
      ).toBe(201);
      await record(operation({ action: 'restart', revision: undefined }));
      await record(
        operation({
          action: 'rollback',
          revision: 3,
          rolledBackTo: 1,
          actor: 'user:default/carol',
          taskId: 'task-3',
        }),
      );
      events.length = 0;

      const res = await request(app).get(
        `/installs/dev-eu/${NAMESPACE}/${RELEASE}/history`,
      );
      expect(res.status).toBe(200);
      expect(res.body.revisions.map((r: any) => r.revision)).toEqual([3, 2, 1]);
      const [third, second, first] = res.body.revisions;
      expect(third).toEqual({
        revision: 3,
        status: 'deployed',
        chart: 'mcp-kubernetes-0.1.1',
        appVersion: '0.1.1',
        updatedAt: '2026-11-30T12:00:00.000Z',
        description: expect.stringContaining('Upgrade complete'),
        operation: {
          action: 'rollback',
          actor: 'user:default/carol',
          revision: 3,
          rolledBackTo: 1,
          taskId: 'task-3',
          at: expect.any(String),
        },
      });
      // Made outside the portal: no journal entry, so no operation.
      expect(second.operation).toBeUndefined();
      expect(first).toMatchObject({
        updatedAt: '2026-11-30T10:00:00.123Z',
        operation: { action: 'deploy', actor: 'user:default/bob' },
      });
      expect(res.body.operations).toEqual([
        expect.objectContaining({
          action: 'restart',
          actor: 'user:default/alice',
        }),
      ]);
      expect(res.text).not.toContain(CLUSTER_TOKEN);
      expect(events).toEqual([
        expect.objectContaining({
          eventId: 'release-history-read',
          outcome: 'success',
        }),
      ]);
    });

    it('forgets journal entries of an uninstalled earlier release of the same name', async () => {
      const { app, record } = await setup();
      await record(
        operation({ action: 'deploy', revision: 1, actor: 'user:default/old' }),
      );
      await record(operation({ action: 'restart', revision: undefined }));
      await record(operation({ action: 'uninstall', revision: undefined }));
      await record(
        operation({ action: 'deploy', revision: 2, actor: 'user:default/new' }),
      );
      const res = await request(app).get(
        `/installs/dev-eu/${NAMESPACE}/${RELEASE}/history`,
      );
      const byRevision = Object.fromEntries(
        res.body.revisions.map((r: any) => [r.revision, r.operation?.actor]),
      );
      expect(byRevision).toEqual({
        1: undefined,
        2: 'user:default/new',
        3: undefined,
      });
      expect(res.body.operations).toEqual([]);
    });

    it('authorizes on the recorded entity like a status read, and 404s a release helm does not know', async () => {
      const permissions = ownershipPermissions({ owns: [] });
      const { app, events } = await setup({ permissions });
      const path = `/installs/dev-eu/${NAMESPACE}/${RELEASE}/history`;
      const denied = await request(app).get(path);
      expect(denied.status).toBe(403);
      expect(permissions.calls).toContainEqual({
        name: 'mcp-kubernetes.status.read',
        resourceRef: OWNER_ENTITY,
      });
      expect(events.at(-1)).toMatchObject({
        eventId: 'release-history-read',
        outcome: 'fail',
      });

      permissions.set({ owns: [OWNER_ENTITY] });
      expect((await request(app).get(path)).status).toBe(200);

      permissions.set({ owns: [], holds: ['mcp-kubernetes.fleet.read'] });
      const gone = await request(app).get(
        `/installs/dev-eu/${NAMESPACE}/mcp-gone/history`,
      );
      expect(gone.status).toBe(404);
      const bad = await request(app).get(
        `/installs/dev-eu/${NAMESPACE}/Bad..Name/history`,
      );
      expect(bad.status).toBe(400);
    });
  });

  describe('GET values-diff', () => {
    const diffPath = (query: string) =>
      `/installs/dev-eu/${NAMESPACE}/${RELEASE}/values-diff?${query}`;

    it('diffs two revisions by sorted dotted paths, credentials masked and never sent', async () => {
      const { app, events } = await setup();
      const res = await request(app).get(diffPath('from=1&to=2'));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        from: 1,
        to: 2,
        entries: [
          { path: 'image.tag', change: 'added', to: '"v0.2.0"' },
          {
            path: 'mcpKubernetes.env[0].value',
            change: 'changed',
            from: '***',
            to: '***',
            masked: true,
          },
          {
            path: 'mcpKubernetes.oauth.encryptionKey',
            change: 'added',
            to: '***',
            masked: true,
          },
          // A Secret's name, not a credential: shown.
          {
            path: 'mcpKubernetes.oauth.existingSecret',
            change: 'changed',
            from: '""',
            to: '"mcp-a-oauth"',
          },
          {
            path: 'mcpKubernetes.oauth.googleClientSecret',
            change: 'removed',
            from: '***',
            masked: true,
          },
          { path: 'replicaCount', change: 'changed', from: '1', to: '3' },
          {
            path: 'resources.limits.memory',
            change: 'changed',
            from: '"256Mi"',
            to: '"512Mi"',
          },
        ],
      });
      for (const secret of [OAUTH_SECRET, ENCRYPTION_KEY, ENV_TOKEN]) {
        expect(res.text).not.toContain(secret);
      }
      expect(events).toEqual([
        expect.objectContaining({
          eventId: 'release-values-diff-read',
          outcome: 'success',
        }),
      ]);
    });

    it('validates the query strictly and 404s a revision helm does not keep, naming it', async () => {
      const { app } = await setup();
      for (const query of [
        'from=0&to=2',
        'from=-1&to=2',
        'from=1.5&to=2',
        'from=1e1&to=2',
        'from=abc&to=2',
        'from=1',
        'from=1&to=2&extra=1',
        'from=1&from=2&to=3',
      ]) {
        const res = await request(app).get(diffPath(query));
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
      }
      const missing = await request(app).get(diffPath('from=1&to=7'));
      expect(missing.status).toBe(404);
      expect(missing.body.error.message).toContain('no revision 7');
      expect(missing.body.error.message).toContain('1, 2, 3');
    });
  });

  describe('GET answers', () => {
    it("answers the typed answers of the release's latest values, authorized like a status read", async () => {
      const permissions = ownershipPermissions({ owns: [OWNER_ENTITY] });
      const { app, events } = await setup({ permissions });
      const path = `/installs/dev-eu/${NAMESPACE}/${RELEASE}/answers`;
      const res = await request(app).get(path);
      expect(res.status).toBe(200);
      // Revision 3 sets only replicaCount: no size preset matches, OAuth and ingress are off.
      expect(res.body).toEqual({
        revision: 3,
        answers: { oauthEnabled: false, ingressEnabled: false },
      });
      expect(events.at(-1)).toMatchObject({
        eventId: 'release-answers-read',
        outcome: 'success',
      });
      permissions.set({ owns: [] });
      const denied = await request(app).get(path);
      expect(denied.status).toBe(403);
      expect(JSON.stringify(denied.body)).not.toContain('replicaCount');
    });
  });
});
