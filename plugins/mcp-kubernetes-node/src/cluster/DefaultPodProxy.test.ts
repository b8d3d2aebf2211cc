import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildMcpInstall, startFakeKubeApiServer } from '../testUtils';
import type { FakeKubeApiServer } from '../testUtils';
import { DefaultPodProxy } from './DefaultPodProxy';
import { kubeGet } from './kubeHttp';
import { registryFor } from './__testUtils__/helpers';

describe('DefaultPodProxy', () => {
  let fake: FakeKubeApiServer;
  let proxy: DefaultPodProxy;
  let elsewhere: http.Server;
  let elsewhereHits = 0;
  let elsewhereUrl: string;
  const install = buildMcpInstall({ namespace: 'team-a', release: 'mcp-a' });
  const pod = install.pods[0].metadata.name!;
  const req = {
    cluster: 'dev',
    namespace: 'team-a',
    pod,
    port: 8080,
    path: '/health',
    timeoutMs: 500,
    maxBytes: 1024,
  };

  beforeAll(async () => {
    fake = await startFakeKubeApiServer({
      unprivilegedTokens: { nobody: 'system:serviceaccount:team-a:nobody' },
    });
    install.all.forEach(o => fake.upsert(o));
    proxy = DefaultPodProxy.create({
      registry: registryFor({ dev: fake }).registry,
    });
    // A server a redirect points at: it must never be called.
    elsewhere = http.createServer((_q, s) => {
      elsewhereHits++;
      s.end('you followed a redirect');
    });
    await new Promise<void>(r => elsewhere.listen(0, '127.0.0.1', r));
    elsewhereUrl = `http://127.0.0.1:${
      (elsewhere.address() as AddressInfo).port
    }/`;
  });
  afterAll(async () => {
    await fake.close();
    await new Promise(r => elsewhere.close(r));
  });
  afterEach(() => fake.setPodProxyHandler(undefined));

  it('returns the pod answer with status, body and latency through the pods/proxy path', async () => {
    fake.setPodProxyHandler(r =>
      r.pod === pod && r.port === '8080' && r.path === '/health'
        ? {
            status: 200,
            body: '{"status":"ok"}',
            headers: { 'Content-Type': 'application/json' },
          }
        : 'refuse',
    );
    const res = await proxy.get(req);
    expect(res).toMatchObject({ status: 200, body: '{"status":"ok"}' });
    expect(res.latencyMs).toBeGreaterThanOrEqual(0);
    expect(fake.requests.at(-1)?.path).toBe(
      `/api/v1/namespaces/team-a/pods/${pod}:8080/proxy/health`,
    );
  });

  it("resolves a named port and passes a pod's own 503 JSON through as its status", async () => {
    fake.setPodProxyHandler(r =>
      r.port === '8080'
        ? { status: 503, body: '{"kind":"Status","status":"degraded"}' }
        : 'refuse',
    );
    await expect(proxy.get({ ...req, port: 'http' })).resolves.toMatchObject({
      status: 503,
      body: expect.stringContaining('degraded'),
    });
    expect(fake.requests.at(-1)?.path).toContain(`${pod}:http/proxy/health`);
  });

  it('reports a redirect as its status and never follows it', async () => {
    fake.setPodProxyHandler(() => ({
      status: 302,
      body: '',
      headers: { Location: elsewhereUrl },
    }));
    await expect(proxy.get(req)).resolves.toMatchObject({ status: 302 });
    expect(elsewhereHits).toBe(0);
  });

  it('cuts the body at maxBytes', async () => {
    fake.setPodProxyHandler(() => ({ status: 200, body: 'x'.repeat(100_000) }));
    const res = await proxy.get({ ...req, maxBytes: 64 });
    expect(res.body).toBe('x'.repeat(64));
  });

  it('rejects with a human message on timeout, without waiting for the slow pod', async () => {
    fake.setPodProxyHandler(() => ({
      status: 200,
      body: 'late',
      delayMs: 2000,
    }));
    const started = Date.now();
    await expect(proxy.get({ ...req, timeoutMs: 200 })).rejects.toThrow(
      /no answer within 200 ms \(timeout\)/,
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('rejects with "connection refused" when nothing listens, and explains a pod without IP or a missing pod', async () => {
    fake.setPodProxyHandler(() => 'refuse');
    await expect(proxy.get(req)).rejects.toThrow(
      /connection refused \(nothing listens on that port\)/,
    );
    fake.upsert({ ...install.pods[1], status: { phase: 'Pending' } });
    await expect(
      proxy.get({ ...req, pod: install.pods[1].metadata.name! }),
    ).rejects.toThrow(/has no IP yet/);
    await expect(proxy.get({ ...req, pod: 'gone' })).rejects.toThrow(
      /pod not found/,
    );
  });

  it('rejects with "forbidden" when the ServiceAccount may not use pods/proxy', async () => {
    const denied = await startFakeKubeApiServer({ token: 'other' });
    install.all.forEach(o => denied.upsert(o));
    denied.injectFailure({ kind: 'status', status: 403 });
    const p = DefaultPodProxy.create({
      registry: registryFor({ dev: denied }).registry,
    });
    await expect(p.get(req)).rejects.toThrow(
      /forbidden \(the backend's ServiceAccount needs get on pods\/proxy\)/,
    );
    await denied.close();
  });

  it.each([
    [{ port: 0 }, /Invalid port 0/],
    [{ port: 'a/b' }, /Invalid port name 'a\/b'/],
    [{ path: 'health' }, /Invalid probe path 'health'/],
    [{ path: '//evil.example/x' }, /Invalid probe path/],
    [{ path: '/../../api/v1/secrets' }, /Invalid probe path/],
    [{ namespace: 'Team A' }, /Invalid namespace 'Team A'/],
  ])(
    'refuses caller input %j that could leave the pod',
    async (bad, message) => {
      await expect(proxy.get({ ...req, ...bad })).rejects.toThrow(message);
    },
  );

  it('throws NotFoundError for an unknown cluster', async () => {
    await expect(proxy.get({ ...req, cluster: 'nope' })).rejects.toThrow(
      /Unknown cluster 'nope'/,
    );
  });

  describe('SSRF: a hostile probe path never reaches another API path', () => {
    const prefix = `/api/v1/namespaces/team-a/pods/${pod}:8080/proxy/`;
    const target = 'api/v1/namespaces/kube-system/secrets/x';
    const up = (dots: string, sep = '/') =>
      Array.from({ length: 8 }, () => dots).join(sep);
    const hostile: Array<[string, string]> = [
      ['%2e%2e segments', `/${up('%2e%2e')}/${target}`],
      ['upper-case %2E%2E', `/${up('%2E%2E')}/${target}`],
      ['mixed .%2e and %2e.', `/${up('.%2e')}/${up('%2e.')}/${target}`],
      ['double-encoded %252e%252e', `/${up('%252e%252e')}/${target}`],
      ['triple-encoded %25252e', `/${up('%25252e%25252e')}/${target}`],
      ['..%2f (encoded slash)', `/health/${up('..', '%2f')}%2f${target}`],
      ['%2f inside a segment', `/health%2f..%2f..%2f${target}`],
      ['literal ..', `/health/../../../../../../${target}`],
      ['/./ segment', '/./health'],
      ['trailing /.', '/health/.'],
      ['backslash', `/health\\..\\..\\${target}`],
      ['%5c (encoded backslash)', `/health%5c..%5c..%5c${target}`],
      ['fragment trick', `/health#/../../../../../../${target}`],
      ['encoded ? hiding a path', `/%3f/../../../../../../${target}`],
      ['absolute URL', `http://127.0.0.1:1/${target}`],
      ['scheme-relative URL', `//evil.example/${target}`],
      ['CRLF header injection', '/health\r\nHost: evil.example'],
      ['NUL byte', '/health\u0000/../x'],
      ['tab before dots', '/health/\t../x'],
      ['overlong UTF-8 dot', `/%c0%ae%c0%ae/${target}`],
      ['%u escapes', `/%u002e%u002e/${target}`],
      ['full-width dots', `/\uff0e\uff0e/${target}`],
      ['__proto__', '/__proto__/%2e%2e/constructor'],
    ];

    it.each(hostile)(
      'refuses %s before any request is made',
      async (_name, path) => {
        const before = fake.requests.length;
        fake.setPodProxyHandler(() => ({ status: 200, body: 'pod' }));
        await expect(proxy.get({ ...req, path })).rejects.toThrow(
          /Invalid probe path/,
        );
        expect(fake.requests.slice(before)).toEqual([]);
      },
    );

    it('keeps every request it makes under the pod proxy prefix, queries included', async () => {
      const before = fake.requests.length;
      const seen: string[] = [];
      fake.setPodProxyHandler(r => {
        seen.push(r.path);
        return { status: 200, body: 'ok' };
      });
      for (const path of [
        '/health',
        '/health/ready',
        '/health?verbose=1',
        '/health?next=/../../../api/v1/secrets',
        '/v%31',
        '/..;/x',
      ]) {
        await expect(proxy.get({ ...req, path })).resolves.toMatchObject({
          status: 200,
        });
      }
      const made = fake.requests.slice(before);
      expect(made).toHaveLength(6);
      for (const r of made) expect(r.path.startsWith(prefix)).toBe(true);
      expect(seen).toEqual([
        '/health',
        '/health/ready',
        '/health',
        '/health',
        '/v%31',
        '/..;/x',
      ]);
    });

    it.each([
      [{ namespace: '..' }, /Invalid namespace/],
      [{ namespace: 'kube-system/secrets' }, /Invalid namespace/],
      [{ namespace: '%2e%2e' }, /Invalid namespace/],
      [{ pod: '..' }, /Invalid pod name/],
      [{ pod: `${pod}/../../../secrets` }, /Invalid pod name/],
      [{ pod: `${pod}:8080/proxy` }, /Invalid pod name/],
      [{ port: '8080/../../x' }, /Invalid port name/],
      [{ port: '%2e%2e' }, /Invalid port name/],
      [{ port: 80.5 }, /Invalid port 80.5/],
      [{ port: 70000 }, /Invalid port 70000/],
    ])('refuses a hostile name or port %j unsent', async (bad, message) => {
      const before = fake.requests.length;
      await expect(proxy.get({ ...req, ...(bad as object) })).rejects.toThrow(
        message,
      );
      expect(fake.requests.slice(before)).toEqual([]);
    });

    it('kubeGet refuses a path the URL parser would resolve out of its prefix, unsent', async () => {
      const { registry } = registryFor({ dev: fake });
      const before = fake.requests.length;
      await expect(
        kubeGet(registry.getKubeConfig('dev'), {
          path: `${prefix}%2e%2e/%2e%2e/%2e%2e/%2e%2e/${target}`,
          pathPrefix: prefix,
        }),
      ).rejects.toThrow(/would leave/);
      expect(fake.requests.slice(before)).toEqual([]);
    });
  });
});
