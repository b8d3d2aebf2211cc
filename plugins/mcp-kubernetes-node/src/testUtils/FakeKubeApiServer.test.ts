import { buildMcpInstall, crashLoopPod, secretChangedDaysAgo } from './seeds';
import { startFakeKubeApiServer } from './FakeKubeApiServer';
import { parseLabelSelector } from './labelSelector';
import type { FakeKubeApiServer } from './types';

describe('label selectors', () => {
  const labels = { app: 'mcp', tier: 'web' };
  it.each([
    ['app=mcp', true],
    ['app==mcp', true],
    ['app!=mcp', false],
    ['app in (x,mcp)', true],
    ['app notin (x,mcp)', false],
    ['tier', true],
    ['!tier', false],
    ['!missing,app=mcp', true],
    ['app=mcp,tier=db', false],
    ['', true],
  ])('%s → %s', (selector, expected) => {
    expect(parseLabelSelector(selector).matches(labels)).toBe(expected);
  });

  it('fails like the apiserver on a bad selector', () => {
    expect(() =>
      parseLabelSelector('app.kubernetes.io/instance===bad'),
    ).toThrow("unable to parse requirement: found '=', expected: identifier");
  });
});

describe('fake API server', () => {
  let fake: FakeKubeApiServer;
  const install = buildMcpInstall({ namespace: 'team-a', release: 'mcp-a' });
  const auth = () => ({ Authorization: `Bearer ${fake.token}` });

  beforeEach(async () => {
    fake = await startFakeKubeApiServer({ bookmarkIntervalMs: 0 });
    install.all.forEach(o => fake.upsert(o));
  });
  afterEach(() => fake.close());

  async function readWatch(query: string, act: () => void, untilLines: number) {
    const res = await fetch(
      `${fake.url}/api/v1/namespaces/team-a/pods?watch=1&${query}`,
      { headers: auth() },
    );
    const reader = res.body!.getReader();
    let text = '';
    act();
    while (text.split('\n').filter(Boolean).length < untilLines) {
      const { value, done } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString('utf8');
    }
    await reader.cancel();
    return text
      .split('\n')
      .filter(Boolean)
      .map(l => JSON.parse(l));
  }

  it('streams changes after a resourceVersion, including a pod leaving the selector as DELETED', async () => {
    const list = await (
      await fetch(`${fake.url}/api/v1/namespaces/team-a/pods`, {
        headers: auth(),
      })
    ).json();
    const events = await readWatch(
      `labelSelector=app.kubernetes.io%2Finstance%3Dmcp-a&resourceVersion=${list.metadata.resourceVersion}&allowWatchBookmarks=true`,
      () => {
        fake.upsert(crashLoopPod(install.pods[0]));
        fake.upsert(crashLoopPod(install.pods[0])); // no-op write: no event
        fake.upsert({
          ...install.pods[1],
          metadata: { ...install.pods[1].metadata, labels: {} },
        });
        fake.sendBookmarks();
      },
      3,
    );
    expect(events.map(e => e.type)).toEqual([
      'MODIFIED',
      'DELETED',
      'BOOKMARK',
    ]);
    expect(events[2].object).toEqual({
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: {
        resourceVersion: expect.any(String),
        creationTimestamp: null,
      },
      spec: { containers: null },
      status: {},
    });
  });

  it('starts a watch without resourceVersion with synthetic ADDED events', async () => {
    const events = await readWatch('', () => undefined, 2);
    expect(events.map(e => [e.type, e.object.metadata.name])).toEqual(
      install.pods.map(p => ['ADDED', p.metadata.name]).sort(),
    );
  });

  it('serves PartialObjectMetadata for a Secret and never its data', async () => {
    const secret = secretChangedDaysAgo(install.secret, 10);
    fake.upsert(secret);
    const res = await fetch(
      `${fake.url}/api/v1/namespaces/team-a/secrets/${secret.metadata.name}`,
      {
        headers: {
          ...auth(),
          Accept:
            'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1',
        },
      },
    );
    const body = await res.json();
    expect(body.kind).toBe('PartialObjectMetadata');
    expect(body).not.toHaveProperty('data');
    expect(
      body.metadata.annotations['reconcile.external-secrets.io/data-hash'],
    ).toHaveLength(56);
  });

  it('patches the status subresource and the object (merge patch) over HTTP', async () => {
    const es = install.externalSecret.metadata.name;
    const base = `${fake.url}/apis/external-secrets.io/v1/namespaces/team-a/externalsecrets/${es}`;
    const patch = (suffix: string, body: object) =>
      fetch(base + suffix, {
        method: 'PATCH',
        headers: { ...auth(), 'Content-Type': 'application/merge-patch+json' },
        body: JSON.stringify(body),
      });
    expect(
      (
        await patch('', {
          metadata: { annotations: { 'force-sync': '123' } },
          status: { refreshTime: 'ignored' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await patch('/status', {
          status: { refreshTime: '2026-01-01T00:00:00Z' },
        })
      ).status,
    ).toBe(200);
    const got = fake.get(
      'external-secrets.io/v1',
      'ExternalSecret',
      'team-a',
      es!,
    )!;
    expect(got.metadata.annotations?.['force-sync']).toBe('123');
    expect((got.status as { refreshTime: string }).refreshTime).toBe(
      '2026-01-01T00:00:00Z',
    );
  });

  it('answers 401 for a bad token and drops connections while down', async () => {
    const bad = await fetch(`${fake.url}/api/v1/pods`, {
      headers: { Authorization: 'Bearer nope' },
    });
    expect(bad.status).toBe(401);
    fake.injectFailure({ kind: 'down' });
    await expect(
      fetch(`${fake.url}/api/v1/pods`, { headers: auth() }),
    ).rejects.toThrow();
    fake.injectFailure(undefined);
    expect(
      (await fetch(`${fake.url}/api/v1/pods`, { headers: auth() })).status,
    ).toBe(200);
    expect(fake.requests.filter(r => r.path === '/api/v1/pods')).toHaveLength(
      3,
    );
  });
});
