import http from 'node:http';
import { startFakeKubeApiServer } from './FakeKubeApiServer';
import { buildMcpInstall } from './seeds';
import { strategicMergePatch } from './strategicMerge';
import type { FakeKubeApiServer } from './types';

/** Server-side apply, request bodies and the played controllers, over plain http. */
describe('fake API server writes and controllers', () => {
  let fake: FakeKubeApiServer;
  const headers = (contentType: string) => ({
    Authorization: `Bearer ${fake.token}`,
    'Content-Type': contentType,
  });
  // node:http sends the path as written (fetch would resolve `%2e%2e` before sending it).
  const apply = (path: string, body: string, query = 'fieldManager=helm') =>
    new Promise<{ status: number; json: () => Promise<any> }>(
      (resolve, reject) => {
        const req = http.request(
          `${fake.url}${path}?${query}`,
          {
            method: 'PATCH',
            headers: headers('application/apply-patch+yaml'),
          },
          res => {
            const chunks: Buffer[] = [];
            res.on('data', c => chunks.push(c));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                json: async () => JSON.parse(Buffer.concat(chunks).toString()),
              }),
            );
          },
        );
        req.on('error', reject);
        req.end(body);
      },
    );
  const deployment = (replicas: number, image = 'img:1') =>
    JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              {
                name: 'web',
                image,
                ports: [{ name: 'http', containerPort: 8080 }],
                readinessProbe: { httpGet: { path: '/health', port: 'http' } },
              },
            ],
          },
        },
      },
    });
  const waitFor = async (
    check: () => boolean | Promise<boolean>,
    ms = 5000,
  ) => {
    const until = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > until) throw new Error('condition not met in time');
      await new Promise(r => setTimeout(r, 25));
    }
  };
  const pods = () =>
    fetch(`${fake.url}/api/v1/namespaces/ns/pods`, {
      headers: headers('application/json'),
    }).then(r => r.json() as Promise<{ items: any[] }>);

  beforeEach(async () => {
    fake = await startFakeKubeApiServer({
      bookmarkIntervalMs: 0,
      controllers: { readyAfterMs: 50 },
    });
  });
  afterEach(() => fake.close());

  it('creates on apply (201), then merges and drops what the manager no longer applies (200)', async () => {
    const created = await apply(
      '/api/v1/namespaces/ns/configmaps/cfg',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  labels: {a: "1", b: "2"}\ndata: {x: "1"}\n',
    );
    expect(created.status).toBe(201);
    const updated = await apply(
      '/api/v1/namespaces/ns/configmaps/cfg',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  labels: {a: "1"}\ndata: {y: "2"}\n',
    );
    expect(updated.status).toBe(200);
    const cfg = fake.get('v1', 'ConfigMap', 'ns', 'cfg')!;
    expect(cfg.metadata.labels).toEqual({ a: '1' });
    expect(cfg.data).toEqual({ y: '2' });
  });

  it.each([
    [
      'a name other than the URL’s',
      '/api/v1/namespaces/ns/configmaps/cfg',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other}\n',
      'fieldManager=helm',
      /does not match the name on the URL/,
    ],
    [
      'no fieldManager',
      '/api/v1/namespaces/ns/configmaps/cfg',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\n',
      '',
      /fieldManager query parameter/,
    ],
    [
      'a second YAML document after a newline',
      '/api/v1/namespaces/ns/configmaps/cfg',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: cfg}\n',
      'fieldManager=helm',
      /could not be decoded/,
    ],
    [
      'a __proto__ key',
      '/api/v1/namespaces/ns/configmaps/cfg',
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cfg","labels":{"__proto__":{"polluted":"yes"}}}}',
      'fieldManager=helm',
      /unknown field "metadata\.labels\.__proto__"/,
    ],
    [
      'another kind than the URL’s',
      '/api/v1/namespaces/ns/configmaps/cfg',
      'apiVersion: v1\nkind: Secret\nmetadata: {name: cfg}\n',
      'fieldManager=helm',
      /is v1 Secret, but the URL is for v1 ConfigMap/,
    ],
  ])(
    'refuses an apply with %s (400), writing nothing',
    async (_what, path, body, query, message) => {
      const res = await apply(path, body, query);
      expect(res.status).toBe(400);
      expect((await res.json()).message).toMatch(message);
      expect(fake.get('v1', 'ConfigMap', 'ns', 'cfg')).toBeUndefined();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it('never stores an object named by a %2e%2e path segment', async () => {
    const res = await apply(
      '/api/v1/namespaces/ns/configmaps/%2e%2e',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ".."}\n',
    );
    // The dot segment resolves to the namespace's path, which takes no PATCH of a ConfigMap.
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(fake.get('v1', 'ConfigMap', 'ns', '..')).toBeUndefined();
    expect(fake.get('v1', 'Namespace', undefined, 'ns')).toBeUndefined();
  });

  it('decodes a protobuf Secret and refuses protobuf it cannot read', async () => {
    // k8s\0 + Unknown{raw: Secret{metadata{name: s1, labels{owner: helm}}, data{k: "v"}, type: Opaque}}
    const entry = (no: number, k: string, v: Buffer) =>
      field(no, Buffer.concat([field(1, Buffer.from(k)), field(2, v)]));
    const secret = Buffer.concat([
      field(
        1,
        Buffer.concat([
          field(1, Buffer.from('s1')),
          entry(11, 'owner', Buffer.from('helm')),
        ]),
      ),
      entry(2, 'k', Buffer.from('v')),
      field(3, Buffer.from('Opaque')),
    ]);
    const body = Buffer.concat([
      Buffer.from([0x6b, 0x38, 0x73, 0x00]),
      field(2, secret),
    ]);
    const post = (path: string, b: Buffer) =>
      fetch(`${fake.url}${path}`, {
        method: 'POST',
        headers: headers('application/vnd.kubernetes.protobuf'),
        body: new Uint8Array(b),
      });
    expect((await post('/api/v1/namespaces/ns/secrets', body)).status).toBe(
      201,
    );
    const stored = fake.get('v1', 'Secret', 'ns', 's1')!;
    expect(stored.metadata.labels).toEqual({ owner: 'helm' });
    expect(stored.data).toEqual({ k: Buffer.from('v').toString('base64') });
    const garbage = await post(
      '/api/v1/namespaces/ns/secrets',
      Buffer.from('k8s\u0000\u00ff\u00ff'),
    );
    expect(garbage.status).toBe(400);
    expect((await garbage.json()).message).toMatch(/protobuf body/);
    const protobufDeployment = await post(
      '/apis/apps/v1/namespaces/ns/deployments',
      body,
    );
    expect(protobufDeployment.status).toBe(415);
  });

  it('answers a watch with sendInitialEvents like v1.28: 422, so clients list and watch', async () => {
    const res = await fetch(
      `${fake.url}/api/v1/namespaces/ns/pods?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan`,
      { headers: headers('application/json') },
    );
    expect(res.status).toBe(422);
    expect((await res.json()).details.causes[0].field).toBe(
      'sendInitialEvents',
    );
  });

  it('rolls out an applied Deployment: ReplicaSet, Ready pods with a podIP, a /health answer; replaces a deleted pod', async () => {
    await apply('/apis/apps/v1/namespaces/ns/deployments/web', deployment(2));
    await waitFor(
      () =>
        (fake.get('apps/v1', 'Deployment', 'ns', 'web')!.status as any)
          ?.readyReplicas === 2,
    );
    const d = fake.get('apps/v1', 'Deployment', 'ns', 'web')! as any;
    expect(d.status.observedGeneration).toBe(d.metadata.generation);
    expect(d.status.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'Progressing',
          reason: 'NewReplicaSetAvailable',
        }),
      ]),
    );
    const { items } = await pods();
    expect(items).toHaveLength(2);
    for (const p of items) {
      expect(p.status.phase).toBe('Running');
      expect(p.status.podIP).toMatch(/^10\.244\./);
      expect(p.metadata.labels.app).toBe('web');
    }
    const health = await fetch(
      `${fake.url}/api/v1/namespaces/ns/pods/${items[0].metadata.name}:8080/proxy/health`,
      { headers: headers('application/json') },
    );
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    await fetch(
      `${fake.url}/api/v1/namespaces/ns/pods/${items[0].metadata.name}`,
      { method: 'DELETE', headers: headers('application/json') },
    );
    await waitFor(async () => {
      const after = (await pods()).items;
      return (
        after.length === 2 &&
        after.every(p => p.status.phase === 'Running') &&
        !after.some(p => p.metadata.name === items[0].metadata.name)
      );
    });
  });

  it('leaves seeded state alone: upserts are not reconciled', async () => {
    const seed = buildMcpInstall({ namespace: 'team-a', release: 'mcp-a' });
    seed.all.forEach(o => fake.upsert(o));
    await new Promise(r => setTimeout(r, 200));
    const names = (p: any[]) => p.map(o => o.metadata.name).sort();
    const live = await fetch(`${fake.url}/api/v1/namespaces/team-a/pods`, {
      headers: headers('application/json'),
    }).then(r => r.json());
    expect(names(live.items)).toEqual(names(seed.pods));
  });
});

describe('strategic merge patch', () => {
  it('merges containers by name, keeps fields the patch does not name, honours $patch: delete', () => {
    const live = {
      spec: {
        containers: [
          { name: 'a', image: 'a:1', ports: [{ containerPort: 80 }] },
          { name: 'b', image: 'b:1' },
        ],
        tolerations: [{ key: 'x' }],
      },
    };
    const patched = strategicMergePatch(live, {
      spec: {
        $setElementOrder: undefined,
        '$setElementOrder/containers': [{ name: 'a' }],
        containers: [
          { name: 'a', image: 'a:2' },
          { name: 'b', $patch: 'delete' },
        ],
        tolerations: [{ key: 'y' }],
      },
    });
    expect(patched).toEqual({
      spec: {
        containers: [
          { name: 'a', image: 'a:2', ports: [{ containerPort: 80 }] },
        ],
        tolerations: [{ key: 'y' }],
      },
    });
  });
});

function field(no: number, value: Buffer): Buffer {
  return Buffer.concat([Buffer.from([(no << 3) | 2, value.length]), value]);
}
