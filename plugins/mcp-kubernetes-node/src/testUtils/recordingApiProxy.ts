import http from 'node:http';
import https from 'node:https';
import { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';

/** @public */
export interface RecordingApiProxy {
  /** Same user as the given KubeConfig, server = this proxy (plain HTTP on 127.0.0.1). */
  kubeConfig: KubeConfig;
  /** Request targets (path + query, exactly as sent by the client), in order. */
  paths: string[];
  stop(): Promise<void>;
}

/**
 * A loopback HTTP proxy in front of a cluster's API server that records every request target the
 * client sends, then forwards it unchanged over TLS. Proves which API endpoints code under test
 * reached (e.g. that a hostile probe path never left the pod proxy).
 *
 * @public
 */
export async function startRecordingApiProxy(
  target: KubeConfig,
): Promise<RecordingApiProxy> {
  const cluster = target.getCurrentCluster();
  const user = target.getCurrentUser();
  if (!cluster || !user) {
    throw new Error(
      'startRecordingApiProxy: KubeConfig has no current context',
    );
  }
  const upstream = new URL(cluster.server);
  const tls: https.RequestOptions = {};
  await target.applyToHTTPSOptions(tls);
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    paths.push(req.url ?? '');
    const forward = https.request(
      {
        ...tls,
        hostname: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', e => {
      res.writeHead(502);
      res.end(String(e));
    });
    req.pipe(forward);
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [
      {
        name: 'recorded',
        server: `http://127.0.0.1:${port}`,
        // client-node takes plain HTTP only with this set; there is no TLS to verify.
        skipTLSVerify: true,
      },
    ],
    users: [{ ...user }],
    contexts: [{ name: 'recorded', cluster: 'recorded', user: user.name }],
    currentContext: 'recorded',
  });
  return {
    kubeConfig,
    paths,
    stop: () =>
      new Promise<void>(r => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
