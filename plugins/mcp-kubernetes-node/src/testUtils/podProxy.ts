import type { ServerResponse } from 'node:http';
import type { ObjectStore } from './objectStore';
import type { ParsedPath } from './resources';
import { failureStatus, notFound } from './statusBodies';
import type { FakePodProxyAnswer, FakePodProxyRequest } from './types';
import { baseHeaders, sendJson } from './wire';

interface PodShape {
  spec?: {
    containers?: Array<{
      ports?: Array<{ name?: string; containerPort?: number }>;
    }>;
  };
  status?: { podIP?: string };
}

/**
 * `GET /api/v1/namespaces/{ns}/pods/{pod}[:port]/proxy{path}` as the apiserver answers it:
 * 404 for a missing pod, 400 `address not allowed` without a podIP, 503 `connection refused`
 * when nothing listens, otherwise the pod's own answer passed through (3xx included).
 */
export async function answerPodProxy(
  res: ServerResponse,
  store: ObjectStore,
  parsed: ParsedPath,
  handler: ((req: FakePodProxyRequest) => FakePodProxyAnswer) | undefined,
): Promise<void> {
  const full = parsed.name!;
  const podName =
    parsed.proxyPort !== undefined
      ? full.slice(0, full.lastIndexOf(':'))
      : full;
  const pod = store.get(parsed.type, parsed.namespace, podName) as
    | PodShape
    | undefined;
  if (!pod) {
    return sendJson(res, 404, notFound('pods', '', podName));
  }
  const podIP = pod.status?.podIP;
  if (!podIP) {
    return sendJson(
      res,
      400,
      failureStatus(400, 'address not allowed', 'BadRequest'),
    );
  }
  const portSpec = parsed.proxyPort ?? '80';
  const port = /^\d+$/.test(portSpec)
    ? portSpec
    : String(
        pod.spec?.containers
          ?.flatMap(c => c.ports ?? [])
          .find(p => p.name === portSpec)?.containerPort ?? '',
      );
  const refused = () =>
    sendJson(
      res,
      503,
      failureStatus(
        503,
        port
          ? `error trying to reach service: dial tcp ${podIP}:${port}: connect: connection refused`
          : `error trying to reach service: no port named "${portSpec}" on pod ${podName}`,
        'ServiceUnavailable',
      ),
    );
  if (!port || !handler) {
    return refused();
  }
  const answer = handler({
    namespace: parsed.namespace!,
    pod: podName,
    port,
    path: parsed.proxyPath ?? '/',
  });
  if (answer === 'refuse') {
    return refused();
  }
  if (answer.delayMs) {
    await new Promise(r => setTimeout(r, answer.delayMs));
  }
  if (res.destroyed) {
    return undefined;
  }
  res.writeHead(answer.status, {
    ...baseHeaders(),
    'Content-Type': 'text/plain; charset=utf-8',
    ...answer.headers,
    'Content-Length': Buffer.byteLength(answer.body),
  });
  res.end(answer.body);
  return undefined;
}

interface ProbeContainer {
  ports?: Array<{ name?: string; containerPort?: number }>;
  readinessProbe?: { httpGet?: { path?: string; port?: number | string } };
  livenessProbe?: { httpGet?: { path?: string; port?: number | string } };
}

/**
 * What a healthy mcp-kubernetes pod answers: 200 and a small JSON body on the path and port of
 * its readiness or liveness probe, 404 on other paths of that port, nothing on other ports.
 */
export function probeAnswer(
  store: ObjectStore,
  req: FakePodProxyRequest,
): FakePodProxyAnswer {
  const pod = store.get(
    { group: '', plural: 'pods' } as ParsedPath['type'],
    req.namespace,
    req.pod,
  ) as { spec?: { containers?: ProbeContainer[] } } | undefined;
  for (const c of pod?.spec?.containers ?? []) {
    for (const probe of [c.readinessProbe, c.livenessProbe]) {
      const get = probe?.httpGet;
      if (!get?.path) continue;
      const port =
        typeof get.port === 'number'
          ? get.port
          : c.ports?.find(p => p.name === get.port)?.containerPort;
      if (String(port) !== req.port) continue;
      if (req.path === get.path) {
        return {
          status: 200,
          body: JSON.stringify({ status: 'ok' }),
          headers: { 'Content-Type': 'application/json' },
        };
      }
      return { status: 404, body: '404 page not found\n' };
    }
  }
  return 'refuse';
}
