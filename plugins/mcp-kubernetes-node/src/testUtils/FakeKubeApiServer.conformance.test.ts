import { startFakeKubeApiServer } from './FakeKubeApiServer';
import { readRecording, recordedObjects } from './recordedSeed';
import type { FakeKubeApiServer } from './types';

/**
 * Replays the requests recorded from a real kube-apiserver v1.28.7 (__fixtures__/kube-api)
 * against the fake and checks status code, content type and body shape: the same keys,
 * kinds, reasons and codes. uids, timestamps and resourceVersions are ignored.
 */

interface Recording {
  file: string;
  method: string;
  path: string;
  query: string;
  requestHeaders: Record<string, string>;
  status: number;
  contentType: string;
}

const index: Recording[] = JSON.parse(readRecording('index.json'));

// Not replayable one-to-one: writes change state (covered by their own tests below), watches
// are streams (covered in the watch tests), 12- carries the real server's continue token and
// 28-/27- need a compacted history.
const SKIP = /^(2[1-8]|29b|45b|12-|58-|59-|64-)/;
const NOBODY = 'nobody-token';

function shape(value: unknown, depth = 0): unknown {
  if (Array.isArray(value)) {
    return value.length
      ? ['array', shape(value[0], depth + 1)]
      : ['empty-array'];
  }
  if (value === null || typeof value !== 'object') {
    return typeof value;
  }
  const o = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(o).sort()) {
    if (
      ['kind', 'apiVersion', 'reason', 'code', 'status', 'type'].includes(
        key,
      ) &&
      typeof o[key] !== 'object'
    ) {
      out[key] = o[key];
    } else if (
      depth < 2 &&
      key !== 'managedFields' &&
      key !== 'annotations' &&
      key !== 'labels'
    ) {
      out[key] = shape(o[key], depth + 1);
    } else {
      out[key] = typeof o[key];
    }
  }
  return out;
}

function authFor(
  rec: Recording,
  fake: FakeKubeApiServer,
): Record<string, string> {
  const described = rec.requestHeaders.Authorization ?? '(none)';
  if (described.startsWith('Bearer <admin'))
    return { Authorization: `Bearer ${fake.token}` };
  if (described.startsWith('Bearer <ServiceAccount'))
    return { Authorization: `Bearer ${NOBODY}` };
  if (described.startsWith('Bearer bogus'))
    return { Authorization: 'Bearer bogus-token-012' };
  return {};
}

describe('fake API server conformance with the recordings', () => {
  let fake: FakeKubeApiServer;

  beforeAll(async () => {
    fake = await startFakeKubeApiServer({
      unprivilegedTokens: {
        [NOBODY]: 'system:serviceaccount:mcp-team-a:nobody',
      },
    });
    recordedObjects().forEach(o => fake.upsert(o));
    // As at recording time: a server on ldv7f's podIP answered /health, nothing on qpbjk's.
    fake.setPodProxyHandler(req =>
      req.pod === 'mcp-a-6c9f7d8b4f-ldv7f' && req.path === '/health'
        ? {
            status: 200,
            body: readRecording('60-pod-proxy-health-ok.json'),
            headers: {
              'Content-Type': 'application/json',
              Server: 'mcp-kubernetes/0.4.2',
            },
          }
        : 'refuse',
    );
  });

  afterAll(() => fake.close());

  const replayable = index.filter(
    r => r.method === 'GET' && !SKIP.test(r.file),
  );

  it('covers most recorded requests', () => {
    expect(replayable.length).toBeGreaterThanOrEqual(50);
  });

  const answer = async (rec: Recording) => {
    const res = await fetch(
      `${fake.url}${rec.path}${rec.query ? `?${rec.query}` : ''}`,
      {
        headers: {
          ...(rec.requestHeaders.Accept
            ? { Accept: rec.requestHeaders.Accept }
            : {}),
          ...authFor(rec, fake),
        },
      },
    );
    return {
      status: res.status,
      contentType: res.headers.get('content-type'),
      body: await res.text(),
    };
  };
  const isJson = (r: Recording) => r.contentType.startsWith('application/json');

  it.each(replayable.filter(isJson).map(r => [r.file, r] as const))(
    '%s',
    async (_file, rec) => {
      const got = await answer(rec);
      expect(got.status).toBe(rec.status);
      expect(got.contentType).toBe(rec.contentType);
      expect(shape(JSON.parse(got.body))).toEqual(
        shape(JSON.parse(readRecording(rec.file))),
      );
    },
  );

  it.each(replayable.filter(r => !isJson(r)).map(r => [r.file, r] as const))(
    '%s (text)',
    async (_file, rec) => {
      const got = await answer(rec);
      expect(got.status).toBe(rec.status);
      expect(got.contentType).toBe(rec.contentType);
      expect(got.body).toBe(readRecording(rec.file));
    },
  );

  it('answers a too-old resourceVersion like 27-: HTTP 200 stream with one 410 ERROR event', async () => {
    fake.compactHistory();
    const rec = index.find(r => r.file.startsWith('27-'))!;
    const res = await fetch(`${fake.url}${rec.path}?${rec.query}`, {
      headers: { Authorization: `Bearer ${fake.token}` },
    });
    const text = await res.text();
    const lines = text.trim().split('\n');
    expect(res.status).toBe(200);
    expect(lines).toHaveLength(1);
    const recorded = JSON.parse(readRecording(rec.file).trim());
    const got = JSON.parse(lines[0]);
    expect(shape(got)).toEqual(shape(recorded));
    expect(got.object.message).toMatch(
      /^too old resource version: 263 \(\d+\)$/,
    );
  });

  it('pages a list like 11-/12-: continue token, then a last page without one', async () => {
    const base = `${fake.url}/api/v1/namespaces/mcp-team-a/pods?labelSelector=app.kubernetes.io%2Finstance%3Dmcp-a`;
    const headers = { Authorization: `Bearer ${fake.token}` };
    const page1 = await (await fetch(`${base}&limit=1`, { headers })).json();
    expect(shape(page1)).toEqual(
      shape(JSON.parse(readRecording('11-pods-list-limit1.json'))),
    );
    const page2 = await (
      await fetch(`${base}&limit=1&continue=${page1.metadata.continue}`, {
        headers,
      })
    ).json();
    expect(shape(page2)).toEqual(
      shape(JSON.parse(readRecording('12-pods-list-limit1-continue.json'))),
    );
    expect(page2.items[0].metadata.name).not.toBe(page1.items[0].metadata.name);
  });

  it.each([
    [
      '58-pod-create-422-invalid-name.json',
      'POST',
      '/api/v1/namespaces/mcp-team-a/pods',
    ],
    [
      '59-deployment-create-409-already-exists.json',
      'POST',
      '/apis/apps/v1/namespaces/mcp-team-a/deployments',
    ],
    [
      '64-deployment-update-409-conflict.json',
      'PUT',
      '/apis/apps/v1/namespaces/mcp-team-a/deployments/mcp-a',
    ],
  ])(
    'answers the write %s with the recorded Status shape',
    async (file, method, path) => {
      const res = await fetch(`${fake.url}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${fake.token}`,
          'Content-Type': 'application/json',
        },
        body: readRecording(file.replace('.json', '.request.json')),
      });
      const recorded = JSON.parse(readRecording(file));
      expect(res.status).toBe(recorded.code);
      expect(shape(await res.json())).toEqual(shape(recorded));
    },
  );
});
