import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { FakeKubeApiServer } from '../../testUtils';

/** How the proxy misbehaves for requests whose path starts with `pathPrefix`. */
export interface Misbehaviour {
  pathPrefix: string;
  /** Answer watches itself: 200 then an immediate clean close, or 403 Forbidden. */
  watch?: 'close-immediately' | 'forbidden';
  /** Drop the Accept header, so the API server answers full objects (e.g. Secrets with data). */
  ignoreAccept?: boolean;
}

export interface MisbehavingProxy {
  url: string;
  token: string;
  /** Every request that reached the proxy. */
  requests: Array<{ path: string; watch: boolean; at: number }>;
  close(): Promise<void>;
}

/**
 * An HTTP proxy in front of the fake API server that misbehaves the way real ones do (a load
 * balancer that closes watches at once, RBAC that allows list but not watch, a server that
 * ignores `as=PartialObjectMetadata`); everything else is passed through.
 */
export async function startMisbehavingProxy(
  fake: FakeKubeApiServer,
  rules: Misbehaviour[],
): Promise<MisbehavingProxy> {
  const target = new URL(fake.url);
  const requests: MisbehavingProxy['requests'] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const watch = ['1', 'true'].includes(url.searchParams.get('watch') ?? '');
    requests.push({ path: url.pathname, watch, at: Date.now() });
    const rule = rules.find(r => url.pathname.startsWith(r.pathPrefix));
    if (watch && rule?.watch === 'close-immediately') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end();
      return;
    }
    if (watch && rule?.watch === 'forbidden') {
      res.writeHead(403, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          message: `${url.pathname} is forbidden: User "system:serviceaccount:backstage:backstage" cannot watch resource`,
          reason: 'Forbidden',
          code: 403,
        }),
      );
      return;
    }
    const headers = { ...req.headers };
    if (rule?.ignoreAccept) headers.accept = 'application/json';
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers,
      },
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        // Watches send headers before any event; pass them on at once like the API server.
        res.flushHeaders();
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  server.on('connection', s => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token: fake.token,
    requests,
    async close() {
      sockets.forEach(s => s.destroy());
      await new Promise(r => server.close(r));
    },
  };
}
