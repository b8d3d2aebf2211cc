import { InputError, ResponseError } from '@backstage/errors';
import { McpKubernetesClient } from './McpKubernetesClient';

const BASE = 'http://backstage.test/api/mcp-kubernetes';

/** A fetchApi that records every request and answers from a queue. */
function fakeFetch(...answers: Response[]) {
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  const fetch = jest.fn(async (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    const next = answers.shift();
    if (!next) throw new Error(`unexpected request ${url}`);
    return next;
  });
  return {
    fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
    calls,
  };
}

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

/** The error body Backstage's backend error handler writes. */
function backstageError(name: string, message: string, status: number) {
  return json(
    {
      error: { name, message },
      request: { method: 'GET', url: '/x' },
      response: { statusCode: status },
    },
    status,
  );
}

const discoveryApi = {
  getBaseUrl: jest.fn(
    async (pluginId: string) => `http://backstage.test/api/${pluginId}`,
  ),
};

describe('McpKubernetesClient', () => {
  it('asks discovery for the mcp-kubernetes backend and fetches the entity status', async () => {
    const { fetchApi, calls } = fakeFetch(json({ state: 'ok' }));
    const client = new McpKubernetesClient({ discoveryApi, fetchApi });
    const status = await client.getStatusByEntity({
      kind: 'Component',
      namespace: 'default',
      name: 'payments-mcp',
    });
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('mcp-kubernetes');
    expect(calls[0].url).toBe(
      `${BASE}/status/by-entity/default/Component/payments-mcp`,
    );
    expect(status).toEqual({ state: 'ok' });
  });

  it('escapes path segments so a name cannot change the route', async () => {
    const { fetchApi, calls } = fakeFetch(json({}));
    const client = new McpKubernetesClient({ discoveryApi, fetchApi });
    await client.getStatus({
      cluster: 'prod/eu',
      namespace: 'a?b',
      release: 'r#1',
    });
    expect(calls[0].url).toBe(`${BASE}/status/prod%2Feu/a%3Fb/r%231`);
  });

  it('fetches the fleet', async () => {
    const fleet = {
      items: [],
      counts: { total: 0 },
      clusters: [],
      generatedAt: 'x',
    };
    const { fetchApi, calls } = fakeFetch(json(fleet));
    const client = new McpKubernetesClient({ discoveryApi, fetchApi });
    await expect(client.getFleet()).resolves.toEqual(fleet);
    expect(calls[0].url).toBe(`${BASE}/fleet`);
  });

  it('lists clusters, filtered by environment only when one is given', async () => {
    const { fetchApi, calls } = fakeFetch(
      json({ items: [{ name: 'a' }, { name: 'b' }] }),
      json({ items: [{ name: 'prod-eu' }] }),
    );
    const client = new McpKubernetesClient({ discoveryApi, fetchApi });
    await expect(client.listClusters()).resolves.toEqual([
      { name: 'a' },
      { name: 'b' },
    ]);
    await expect(client.listClusters('prod & eu')).resolves.toEqual([
      { name: 'prod-eu' },
    ]);
    expect(calls[0].url).toBe(`${BASE}/clusters`);
    expect(calls[1].url).toBe(`${BASE}/clusters?environment=prod+%26+eu`);
  });

  it('posts the answers for a policy preview as JSON', async () => {
    const evaluation = {
      environment: 'prod',
      allowed: false,
      violations: [],
      effectiveValues: {},
    };
    const { fetchApi, calls } = fakeFetch(json(evaluation));
    const client = new McpKubernetesClient({ discoveryApi, fetchApi });
    const input = {
      environment: 'prod',
      cluster: 'c1',
      answers: { size: 'medium' as const },
    };
    await expect(client.previewPolicy(input)).resolves.toEqual(evaluation);
    expect(calls[0].url).toBe(`${BASE}/policy/preview`);
    expect(calls[0].init?.method).toBe('POST');
    expect(JSON.parse(String(calls[0].init?.body))).toEqual(input);
    expect(new Headers(calls[0].init?.headers).get('content-type')).toBe(
      'application/json',
    );
  });

  it('posts a force-sync and accepts a 202 answer', async () => {
    const { fetchApi, calls } = fakeFetch(
      json({ requestedAt: '2026-01-01T00:00:00Z' }, 202),
    );
    const client = new McpKubernetesClient({ discoveryApi, fetchApi });
    await expect(
      client.forceSync({ cluster: 'c1', namespace: 'ns', release: 'rel' }),
    ).resolves.toBeUndefined();
    expect(calls[0].url).toBe(
      `${BASE}/installs/c1/ns/rel/external-secret/force-sync`,
    );
    expect(calls[0].init?.method).toBe('POST');
  });

  it('accepts a force-sync answer without a body', async () => {
    const { fetchApi } = fakeFetch(new Response(null, { status: 204 }));
    const client = new McpKubernetesClient({ discoveryApi, fetchApi });
    await expect(
      client.forceSync({ cluster: 'c1', namespace: 'ns', release: 'rel' }),
    ).resolves.toBeUndefined();
  });

  it('fetches the release history with escaped path segments', async () => {
    const history = {
      revisions: [{ revision: 2, status: 'deployed' }],
      operations: [],
    };
    const { fetchApi, calls } = fakeFetch(json(history), json(history));
    const client = new McpKubernetesClient({ discoveryApi, fetchApi });
    await expect(
      client.getReleaseHistory({
        cluster: 'c1',
        namespace: 'ns',
        release: 'rel',
      }),
    ).resolves.toEqual(history);
    expect(calls[0].url).toBe(`${BASE}/installs/c1/ns/rel/history`);
    await client.getReleaseHistory({
      cluster: 'prod/eu',
      namespace: '../x',
      release: 'r?from=1#',
    });
    expect(calls[1].url).toBe(
      `${BASE}/installs/prod%2Feu/..%2Fx/r%3Ffrom%3D1%23/history`,
    );
  });

  it('fetches the answers a release is installed with, path segments escaped', async () => {
    const answers = { revision: 4, answers: { oauthEnabled: false } };
    const { fetchApi, calls } = fakeFetch(json(answers));
    const client = new McpKubernetesClient({ discoveryApi, fetchApi });
    await expect(
      client.getInstallAnswers({
        cluster: 'c1',
        namespace: '%2e%2e',
        release: 'r/../answers',
      }),
    ).resolves.toEqual(answers);
    expect(calls[0].url).toBe(
      `${BASE}/installs/c1/%252e%252e/r%2F..%2Fanswers/answers`,
    );
  });

  it('fetches the values diff between two revisions', async () => {
    const diff = { from: 3, to: 5, entries: [] };
    const { fetchApi, calls } = fakeFetch(json(diff));
    const client = new McpKubernetesClient({ discoveryApi, fetchApi });
    await expect(
      client.getValuesDiff(
        { cluster: 'c 1', namespace: 'ns', release: 'rel' },
        3,
        5,
      ),
    ).resolves.toEqual(diff);
    expect(calls[0].url).toBe(
      `${BASE}/installs/c%201/ns/rel/values-diff?from=3&to=5`,
    );
  });

  it.each([
    ['from', 0, 2],
    ['from', -1, 2],
    ['to', 1, 2.5],
    ['to', 1, Number.NaN],
    ['to', 1, Number.POSITIVE_INFINITY],
    ['from', '1&to=9' as unknown as number, 2],
  ])(
    'refuses a values diff whose %s revision is not a positive integer, before any request',
    async (field, from, to) => {
      const { fetchApi, calls } = fakeFetch();
      const client = new McpKubernetesClient({ discoveryApi, fetchApi });
      const error = await client
        .getValuesDiff({ cluster: 'c', namespace: 'n', release: 'r' }, from, to)
        .catch(e => e);
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toMatch(
        new RegExp(`^${field} must be a helm revision number`),
      );
      expect(calls).toHaveLength(0);
    },
  );

  it('maps a history error answer to a ResponseError', async () => {
    const { fetchApi } = fakeFetch(
      backstageError('NotAllowedError', 'not the owner', 403),
    );
    const client = new McpKubernetesClient({ discoveryApi, fetchApi });
    const error = await client
      .getReleaseHistory({ cluster: 'c', namespace: 'n', release: 'r' })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect((error as ResponseError).response.status).toBe(403);
  });

  it.each([
    [403, 'NotAllowedError', 'not allowed to read mcp-kubernetes status'],
    [404, 'NotFoundError', 'cluster "nope" is not configured'],
    [500, 'Error', 'boom'],
  ])(
    'maps HTTP %s to a ResponseError carrying the backend error',
    async (status, name, message) => {
      const { fetchApi } = fakeFetch(backstageError(name, message, status));
      const client = new McpKubernetesClient({ discoveryApi, fetchApi });
      const error = await client
        .getStatus({ cluster: 'nope', namespace: 'n', release: 'r' })
        .catch(e => e);
      expect(error).toBeInstanceOf(ResponseError);
      expect((error as ResponseError).response.status).toBe(status);
      expect((error as ResponseError).body.error.name).toBe(name);
      expect((error as ResponseError).body.error.message).toBe(message);
    },
  );

  it('maps a non-JSON error answer (e.g. a proxy 502) to a ResponseError too', async () => {
    const { fetchApi } = fakeFetch(
      new Response('Bad Gateway', { status: 502, statusText: 'Bad Gateway' }),
    );
    const client = new McpKubernetesClient({ discoveryApi, fetchApi });
    const error = await client.getFleet().catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect((error as ResponseError).response.status).toBe(502);
  });

  it('maps an error answer of a POST to a ResponseError', async () => {
    const { fetchApi } = fakeFetch(
      backstageError('InputError', 'environment is required', 400),
    );
    const client = new McpKubernetesClient({ discoveryApi, fetchApi });
    const error = await client
      .previewPolicy({ environment: '', answers: {} })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect((error as ResponseError).response.status).toBe(400);
    expect((error as ResponseError).body.error.message).toBe(
      'environment is required',
    );
  });
});
